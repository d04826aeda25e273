import type { Messages } from '../i18n/catalogue.js';

/** The French messages of reason-dialog (see reason-dialog.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
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
};

export default fr;
