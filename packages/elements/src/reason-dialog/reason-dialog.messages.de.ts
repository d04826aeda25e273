import type { Messages } from '../i18n/catalogue.js';

/** The German messages of reason-dialog (see reason-dialog.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'export.title': 'Mit echten Personalnummern exportieren?', 'export.go': 'Exportieren',
  'export.confirm': 'Die exportierten Änderungen enthalten echte Personalnummern, nicht die hier gezeigten Pseudonyme. Trotzdem exportieren?',
  title: 'Begründung der Änderung',
  move: '{person}: {dimension} von {from} auf {to}',
  'required': 'Eine Änderung um {levels} Stufen braucht eine Begründung.',
  'optional': 'Eine Begründung ist für diese Änderung freiwillig.',
  label: 'Begründung',
  placeholder: 'Was die Runde entschieden hat und warum',
  'error.empty': 'Bitte eine Begründung eingeben oder abbrechen, um die Bewertung zu behalten.',
  save: 'Änderung speichern',
  cancel: 'Abbrechen',
};

export default de;
