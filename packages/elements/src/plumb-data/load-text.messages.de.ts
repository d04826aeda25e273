import { loadMessagesDe } from '@plumb/core/load';
import type { Messages } from '../i18n/catalogue.js';

/** The loader's German words (core's catalogue), loaded when a page's language needs them. */
export default loadMessagesDe as Messages;
