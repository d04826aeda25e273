// What `<plumb-data>` needs to read files, beyond the canonical tables: the `src` syntax, the reading
// options as attributes give them (and a saved mapping file's), and the loader's diagnostic texts. Imported lazily (with the loader it feeds, `@plumb/core/load`), so a page
// that hands `.tables` or a connector downloads none of it.
export { parseSrc } from './parse-src.js';
export { LOAD_TEXT_FAMILY, loadTextMessages } from './load-text.messages.js';
export { withAnswer } from '@plumb/core/load';
export { mappingFilePatch, readingOptions } from './reading-options.js';
