import { calibratedRatingsCSV, changeSetCSV, changeSetJSON, sessionChanges, type Connector } from '@plumb/core/queries';
import { downloadBlob } from '../shared/export.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import type { PlumbSessionController } from '../data/session.js';

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
  const rows = await sessionChanges(connector, { cycle: info.cycle_id, session_id: info.session_id });
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
  const blob = new Blob([await calibratedRatingsCSV(connector)], { type: 'text/csv;charset=utf-8' });
  if (options.download !== false) downloadBlob(blob, 'ratings.csv');
  return blob;
}
