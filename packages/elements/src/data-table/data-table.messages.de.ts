import type { Messages } from '../i18n/catalogue.js';

/** The German messages of data-table (see data-table.messages.ts), loaded when a page's language needs them. */
const de: Messages = {
  'table.empty': 'Keine Zeilen vorhanden.',
  'table.more': (p, fmt) => `${fmt.integer(Number(p.n))} weitere ${fmt.plural(Number(p.n)) === 'one' ? 'Zeile' : 'Zeilen'} nicht angezeigt.`,
};

export default de;
