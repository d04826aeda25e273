import { defineLazyQuery } from '../queries/registry.js';
import type { CascadeChildrenOptions, CascadeRecognitionsOptions, CascadeSearchOptions, CascadeViewOptions } from './view-query.js';

// The cascade's named queries; their code (view-query.ts, the pre-aggregate's SQL) is imported on first use.
const code = () => import('./view-query.js');

export const cascadeQuery = defineLazyQuery(
  'cascade',
  code,
  (m, connector, options: CascadeViewOptions) => m.queryCascadeView(connector, options),
  (m, connector, options) => m.prepareCascadeView(connector, options),
  ['objectives', 'key_results', 'check_ins', 'recognitions', 'people', 'teams'],
);
export const cascadeChildrenQuery = defineLazyQuery('cascade-children', code, (m, connector, options: CascadeChildrenOptions) =>
  m.queryCascadeChildren(connector, options),
);
export const cascadeSearchQuery = defineLazyQuery('cascade-search', code, (m, connector, options: CascadeSearchOptions) =>
  m.queryCascadeSearch(connector, options),
);
export const cascadeRecognitionsQuery = defineLazyQuery('cascade-recognitions', code, (m, connector, options: CascadeRecognitionsOptions) =>
  m.queryCascadeRecognitions(connector, options),
);
