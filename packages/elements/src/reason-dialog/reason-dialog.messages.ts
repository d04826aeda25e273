import type { FamilyCatalogue } from '../i18n/catalogue.js';

/** Every string of `<plumb-reason-dialog>` (family `reason-dialog`). */
export const reasonDialogMessages: FamilyCatalogue = {
  en: {
    'export.title': 'Export with real ids?', 'export.go': 'Export',
    'export.confirm': 'The exported changes carry real employee ids, not the pseudonyms shown here. Export anyway?',
    title: 'Reason for the change',
    move: '{person}: {dimension} from {from} to {to}',
    'required': 'A move of {levels} levels needs a reason.',
    'optional': 'A reason is optional for this move.',
    label: 'Reason',
    placeholder: 'What the room decided, and why',
    'error.empty': 'Write a reason, or cancel to keep the rating.',
    save: 'Save change',
    cancel: 'Cancel',
  },
  de: () => import('./reason-dialog.messages.de.js'),
  fr: () => import('./reason-dialog.messages.fr.js'),
};
