import type { FamilyCatalogue } from '../i18n/catalogue.js';

/** `<plumb-data-table>`'s own strings (column labels and captions come from whoever hands it rows). */
export const dataTableMessages: FamilyCatalogue = {
  en: {
    'table.empty': 'No rows to show.',
    'table.more': (p, fmt) => `${fmt.integer(Number(p.n))} more ${fmt.plural(Number(p.n)) === 'one' ? 'row' : 'rows'} not shown.`,
  },
  de: () => import('./data-table.messages.de.js'),
  fr: () => import('./data-table.messages.fr.js'),
};
