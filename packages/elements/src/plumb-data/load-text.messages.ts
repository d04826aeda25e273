import { loadMessagesDe, loadMessagesEn, loadMessagesFr } from '@plumb/core/load';
import type { FamilyCatalogue, Messages } from '../i18n/catalogue.js';

/**
 * The loader's words (core's `Text` codes: diagnostics, questions, candidates, decisions, column
 * reasons) in the page's language: core's catalogues, one copy each (the CLI's `--lang` reads them too).
 */
export const loadTextMessages: FamilyCatalogue = { en: loadMessagesEn as Messages, de: loadMessagesDe as Messages, fr: loadMessagesFr as Messages };
