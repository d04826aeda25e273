import { draftMessagesEn } from '@plumb/core/queries';
import type { FamilyCatalogue, Messages } from '../i18n/catalogue.js';

/** The default draft's sentences in the page's language (English: core's one catalogue; German and French on demand). */
export const draftMessages: FamilyCatalogue = {
  en: draftMessagesEn as Messages,
  de: () => import('./draft.messages.de.js'),
  fr: () => import('./draft.messages.fr.js'),
};
