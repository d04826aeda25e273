import type { FamilyCatalogue } from '../i18n/catalogue.js';

/** Every string of `<plumb-room>` (family `room`). */
export const roomMessages: FamilyCatalogue = {
  en: {
    'toolbar.label': 'Presenting',
    'views.label': 'Views',
    'view.position': '{n} of {total}',
    previous: 'Previous view',
    next: 'Next view',
    'names.show': 'Show names',
    'names.hidden': 'Names hidden',
    'names.shown': 'Names shown',
    fullscreen: 'Full screen',
    'fullscreen.exit': 'Exit full screen',
    exit: 'Stop',
    keys: 'Page Up/Down or ←/→ change view; 1–9 jump; Esc stops.',
    present: 'Present',
    'panel.label': 'Person review',
    'panel.close': 'Close ✕',
  },
  de: () => import('./room.messages.de.js'),
  fr: () => import('./room.messages.fr.js'),
};
