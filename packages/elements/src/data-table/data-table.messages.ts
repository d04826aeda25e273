import type { FamilyCatalogue } from '../i18n/catalogue.js';

/** `<plumb-data-table>`'s own strings (column labels and captions come from whoever hands it rows). */
export const dataTableMessages: FamilyCatalogue = {
  en: {
    'table.empty': 'No rows to show.',
    'table.more': (p, fmt) => `${fmt.integer(Number(p.n))} more ${fmt.plural(Number(p.n)) === 'one' ? 'row' : 'rows'} not shown.`,
  },
  de: {
    'table.empty': 'Keine Zeilen vorhanden.',
    'table.more': (p, fmt) => `${fmt.integer(Number(p.n))} weitere ${fmt.plural(Number(p.n)) === 'one' ? 'Zeile' : 'Zeilen'} nicht angezeigt.`,
  },
  fr: {
    'table.empty': 'Aucune ligne à afficher.',
    'table.more': (p, fmt) =>
      `${fmt.integer(Number(p.n))} ${fmt.plural(Number(p.n)) === 'one' ? 'autre ligne non affichée' : 'autres lignes non affichées'}.`,
  },
};
