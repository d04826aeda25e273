import { defineQuery } from '../queries/registry.js';
import type {
  CascadeChildrenOptions, CascadeRecognitionsOptions, CascadeRecognitionsResult, CascadeSearchOptions, CascadeSearchResult, CascadeViewNode,
  CascadeViewOptions, CascadeViewResult,
} from './view-query.js';

// The cascade's named queries. Their code (view-query.ts, the pre-aggregate's SQL) is imported with the first run
// or build: a page whose connector answers named queries itself (`plumb serve`) never downloads it.
const code = () => import('./view-query.js');

export const cascadeQuery = defineQuery<CascadeViewOptions, CascadeViewResult>(
  'cascade',
  async (connector, options) => (await code()).queryCascadeView(connector, options),
  async (connector, options) => (await code()).prepareCascadeView(connector, options),
  code,
);
export const cascadeChildrenQuery = defineQuery<CascadeChildrenOptions, { nodes: CascadeViewNode[] }>(
  'cascade-children',
  async (connector, options) => (await code()).queryCascadeChildren(connector, options),
  undefined,
  code,
);
export const cascadeSearchQuery = defineQuery<CascadeSearchOptions, CascadeSearchResult>(
  'cascade-search',
  async (connector, options) => (await code()).queryCascadeSearch(connector, options),
  undefined,
  code,
);
export const cascadeRecognitionsQuery = defineQuery<CascadeRecognitionsOptions, CascadeRecognitionsResult>(
  'cascade-recognitions',
  async (connector, options) => (await code()).queryCascadeRecognitions(connector, options),
  undefined,
  code,
);
