import type { Messages } from '../i18n/catalogue.js';

/** The French messages of withheld (see withheld.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'withheld.person': 'Une seule personne est sélectionnée ; les chiffres de groupe ne sont pas montrés pour une personne.',
  'withheld.department': 'Toutes les personnes de ces filtres sont dans des départements de moins de {k} personnes, ou personne ne correspond ; rien n’est affiché.',
  'withheld.too-few': 'Moins de {k} personnes correspondent à ces filtres ; rien n’est affiché.',
  'withheld.cut': 'Ces filtres isoleraient moins de {k} personnes par comparaison avec une vue plus large ; rien n’est affiché.',
};

export default fr;
