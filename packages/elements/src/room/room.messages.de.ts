import type { Messages } from '../i18n/catalogue.js';

/** The German messages of room (see room.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'toolbar.label': 'Präsentation',
  'views.label': 'Ansichten',
  'view.position': '{n} von {total}',
  previous: 'Vorige Ansicht',
  next: 'Nächste Ansicht',
  'names.show': 'Namen zeigen',
  'names.hidden': 'Namen verborgen',
  'names.shown': 'Namen sichtbar',
  fullscreen: 'Vollbild',
  'fullscreen.exit': 'Vollbild verlassen',
  exit: 'Beenden',
  keys: 'Bild auf/ab oder ←/→ wechseln die Ansicht; 1–9 springen; Esc beendet.',
  present: 'Präsentieren',
  'panel.label': 'Personenbeurteilung',
  'panel.close': 'Schließen ✕',
};

export default de;
