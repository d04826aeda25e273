import { downloadBlob } from '../shared/export.js';
import type { PlumbReasonDialog } from '../reason-dialog/reason-dialog.js';
import type { SessionControllerLike } from './controller.js';

/**
 * The session's change set as a file (the controller's export: employee id, dimension, before,
 * after, reason, by, at). It carries real ids, so from an anonymized room the dialog asks first;
 * null when refused or when there is no session.
 */
export async function exportSessionChanges(
  session: SessionControllerLike | null,
  format: 'csv' | 'json',
  anonymized: boolean,
  dialog: PlumbReasonDialog | null,
  options: { download?: boolean } = {},
): Promise<Blob | null> {
  if (!session) return null;
  if (anonymized && !(await dialog?.confirmRealIds())) return null;
  const text = format === 'csv' ? session.exportChangesCSV() : JSON.stringify(session.exportChanges(), null, 2);
  const blob = new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' });
  if (options.download !== false) downloadBlob(blob, `calibration-changes.${format}`);
  return blob;
}
