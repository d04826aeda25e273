import type { PlumbReasonDialog } from './reason-dialog.js';

/**
 * The reason dialog in a view's shadow root, its code imported on first use: most pages never move a rating,
 * so the dialog is a chunk of its own (views render the `<plumb-reason-dialog>` tag; it upgrades when defined).
 */
export async function reasonDialogIn(root: ParentNode): Promise<PlumbReasonDialog | null> {
  await import('./reason-dialog.define.js');
  const dialog = root.querySelector<PlumbReasonDialog>('plumb-reason-dialog');
  if (dialog) await dialog.updateComplete;
  return dialog;
}
