import type { Messages } from '../i18n/catalogue.js';

/** The French messages of room (see room.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'toolbar.label': 'Présentation',
  'views.label': 'Vues',
  'view.position': '{n} sur {total}',
  previous: 'Vue précédente',
  next: 'Vue suivante',
  'names.show': 'Afficher les noms',
  'names.hidden': 'Noms masqués',
  'names.shown': 'Noms affichés',
  fullscreen: 'Plein écran',
  'fullscreen.exit': 'Quitter le plein écran',
  exit: 'Arrêter',
  keys: 'Page préc./suiv. ou ←/→ changent de vue ; 1–9 pour y aller ; Échap arrête.',
  present: 'Présenter',
  'panel.label': 'Revue de la personne',
  'panel.close': 'Fermer ✕',
};

export default fr;
