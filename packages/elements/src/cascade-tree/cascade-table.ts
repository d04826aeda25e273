import type { DataTableColumn } from '../data-table/data-table.js';
import { TITLE_DOM_MAX, nodeTitle, percentText, statusLabel, type CascadeWords } from './cascade-text.js';
import type { LazyForest } from './lazy-forest.js';
import { clipText } from './status-marks.js';
import type { VisibleRow } from './visible-rows.js';

/** The text alternative's columns (the same for the data table and the CSV). */
export function cascadeTableColumns(w: CascadeWords): DataTableColumn<Record<string, unknown>>[] {
  // Shares are numbers (a spreadsheet can sum them), shown and written as whole percentages; words stay words.
  const pct = (v: unknown) => (typeof v === 'number' ? w.fmt.percent(v) : String(v ?? ''));
  return [
    { key: 'path', label: w.msg('column.path') },
    { key: 'kind', label: w.msg('column.kind') },
    { key: 'owner', label: w.msg('column.owner') },
    { key: 'team', label: w.msg('column.team') },
    { key: 'progress', label: w.msg('column.progress'), numeric: true, format: pct, digits: 2 },
    { key: 'stated', label: w.msg('column.stated'), numeric: true, format: pct, digits: 2 },
    { key: 'status', label: w.msg('column.status') },
    { key: 'confidence', label: w.msg('column.confidence'), numeric: true, format: pct, digits: 2 },
    { key: 'recognitions', label: w.msg('column.recognitions'), numeric: true },
  ];
}

/** The visible rows as the table and the CSV show them (from data: no table needs opening). */
export function cascadeTableRows(w: CascadeWords, forest: LazyForest, rows: readonly VisibleRow[], limit = Infinity): Record<string, unknown>[] {
  const none = w.msg('value.none');
  return rows.slice(0, limit).map((r) => {
    const n = forest.nodes[r.index]!;
    return {
      path: `${'· '.repeat(r.level - 1)}${clipText(nodeTitle(w, n), TITLE_DOM_MAX)}`,
      kind: w.msg(`kind.${n.kind}`),
      owner: n.kind === 'group' ? '' : (n.owner_name ?? ''),
      team: n.team_name ?? '',
      progress: n.kind === 'group' ? '' : n.progress != null && !n.suppressed ? n.progress : percentText(w, n.progress, n.suppressed),
      stated: n.stated_progress ?? none,
      status: n.kind === 'group' ? '' : statusLabel(w, n.status),
      confidence: n.confidence ?? none,
      recognitions: n.recognitions.count ?? none,
    };
  });
}
