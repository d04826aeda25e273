import type { Messages } from '../i18n/catalogue.js';

/** The French messages of data-table (see data-table.messages.ts), loaded when a page's language needs them. */
const fr: Messages = {
  'table.empty': 'Aucune ligne à afficher.',
  'table.more': (p, fmt) =>
    `${fmt.integer(Number(p.n))} ${fmt.plural(Number(p.n)) === 'one' ? 'autre ligne non affichée' : 'autres lignes non affichées'}.`,
};

export default fr;
