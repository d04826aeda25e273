import { CHANGE_SET_COLUMNS, sessionChangeSet } from '@plumb/core';
import { downloadBlob } from '../shared/export.js';
import { toCSV } from '../shared/csv.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import type { PlumbSessionController } from '../data/session.js';

/**
 * The session's change set as a file (core's `sessionChangeSet`: employee id, dimension, before,
 * after, reason, by, at — what `plumb session apply` reads). It carries real ids, so from an
 * anonymized room the dialog asks first; null when refused or when there is no session.
 */
export async function exportSessionChanges(
  session: PlumbSessionController | null,
  format: 'csv' | 'json',
  anonymized: boolean,
  dialog: PlumbReasonDialog | null,
  options: { download?: boolean } = {},
): Promise<Blob | null> {
  if (!session) return null;
  if (anonymized && !(await dialog?.confirmRealIds())) return null;
  const rows = sessionChangeSet(session.snapshot()?.events ?? []);
  const columns = CHANGE_SET_COLUMNS.map((key) => ({ key, label: key }));
  const text = format === 'csv' ? toCSV(columns, rows as unknown as Record<string, unknown>[]) : JSON.stringify(rows, null, 2);
  const blob = new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
  if (options.download !== false) downloadBlob(blob, `calibration-changes.${format}`);
  return blob;
}
