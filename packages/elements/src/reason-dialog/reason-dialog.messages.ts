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
  de: {
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
  },
  fr: {
    'export.title': 'Exporter avec les vrais identifiants ?', 'export.go': 'Exporter',
    'export.confirm': 'Les changements exportés portent les vrais identifiants, pas les pseudonymes affichés ici. Exporter quand même ?',
    title: 'Motif du changement',
    move: '{person} : {dimension} de {from} à {to}',
    'required': 'Un changement de {levels} niveaux demande un motif.',
    'optional': 'Un motif est facultatif pour ce changement.',
    label: 'Motif',
    placeholder: 'Ce que le groupe a décidé, et pourquoi',
    'error.empty': 'Saisissez un motif, ou annulez pour garder l’évaluation.',
    save: 'Enregistrer le changement',
    cancel: 'Annuler',
  },
};
