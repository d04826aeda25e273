import '../data-table/data-table.define.js';
import { installPlumbDataResolver } from '../data/resolve.js';
import { PlumbData } from './plumb-data.js';
import { PlumbSource } from './plumb-source.js';
import { defineElement } from '../shared/define.js';

// Before any consumer connects, so elements that appear before their
// <plumb-data> (or outside it, with source="id") still find it.
if (typeof document !== 'undefined') installPlumbDataResolver(document);
defineElement('plumb-source', PlumbSource);
defineElement('plumb-data', PlumbData);

declare global {
  interface HTMLElementTagNameMap {
    'plumb-data': PlumbData;
    'plumb-source': PlumbSource;
  }
}
