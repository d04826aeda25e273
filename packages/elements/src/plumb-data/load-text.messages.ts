import { loadMessagesEn } from '@plumb/core/load';
import type { FamilyCatalogue, Messages } from '../i18n/catalogue.js';

/**
 * The loader's words (core's `Text` codes: diagnostics, questions, candidates, decisions, column
 * reasons) in the page's language: core's catalogues, one copy each (the CLI's `--lang` reads them too).
 * German and French load on demand, each alone (a German page never downloads the French words).
 */
/** Their message family. */
export const LOAD_TEXT_FAMILY = 'load-text';

export const loadTextMessages: FamilyCatalogue = {
  en: loadMessagesEn as Messages,
  de: () => import('./load-text.messages.de.js'),
  fr: () => import('./load-text.messages.fr.js'),
};
