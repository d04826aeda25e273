import { loadMessagesFr } from '@plumb/core/load';
import type { Messages } from '../i18n/catalogue.js';

/** The loader's French words (core's catalogue), loaded when a page's language needs them. */
export default loadMessagesFr as Messages;
