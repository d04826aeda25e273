import { calibratedRatingsCSV, changeSetCSV, changeSetJSON, ratingsCSV, sessionChanges, type ChangeRow, type Connector } from '@plumb/core/queries';
import { downloadBlob } from '../shared/download.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import type { PlumbSessionController } from '../data/session.js';

// Loaded when a room first exports (the views import this module on demand).

/**
 * The session's change set as a file (core's `sessionChanges`: cycle, employee id, dimension, before,
 * after, reason, by, at — what `plumb session apply` reads). It carries real ids, so from an
 * anonymized room the dialog asks first; null when refused or when there is no session.
 */
export async function exportSessionChanges(
  session: PlumbSessionController | null,
  connector: Connector | null | undefined,
  format: 'csv' | 'json',
  anonymized: boolean,
  dialog: PlumbReasonDialog | null,
  options: { download?: boolean } = {},
): Promise<Blob | null> {
  const info = session?.session;
  if (!info || !connector) return null;
  if (anonymized && !(await dialog?.confirmRealIds())) return null;
  // A server's session is exported by the server (the page may not run SQL there; it limits rows to the caller's scope).
  const server = session!.keptBy;
  let rows: ChangeRow[];
  if (server) {
    const answer = await server.session({ op: 'export', session_id: info.session_id, what: 'changes' });
    rows = 'changes' in answer ? answer.changes : [];
  } else rows = await sessionChanges(connector, { cycle: info.cycle_id, session_id: info.session_id });
  const text = format === 'csv' ? changeSetCSV(rows) : changeSetJSON(rows);
  const blob = new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
  if (options.download !== false) downloadBlob(blob, `calibration-changes.${format}`);
  return blob;
}

/**
 * Every rating of the data with the calibrated stage in force, in Plumb's canonical layout
 * (`ratings.csv`: load it back and the calibrated stage is the same). Real ids: asked first from an
 * anonymized room; null when refused or when there is no session.
 */
export async function exportCalibratedRatings(
  session: PlumbSessionController | null,
  connector: Connector | null | undefined,
  anonymized: boolean,
  dialog: PlumbReasonDialog | null,
  options: { download?: boolean } = {},
): Promise<Blob | null> {
  if (!session?.session || !connector) return null;
  if (anonymized && !(await dialog?.confirmRealIds())) return null;
  const server = session.keptBy;
  let text: string;
  if (server) {
    const answer = await server.session({ op: 'export', session_id: session.session.session_id, what: 'ratings' });
    text = ratingsCSV('ratings' in answer ? answer.ratings : []);
  } else text = await calibratedRatingsCSV(connector);
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  if (options.download !== false) downloadBlob(blob, 'ratings.csv');
  return blob;
}
