import type { Connector } from '../connector.js';
import { buildCascade } from './build.js';
import { queryCascadeRows } from './query.js';
import { isRollupMode } from './rollup.js';
import type { CascadeOptions, CascadeTree } from './types.js';

/**
 * The cascade tree for a cycle, rolled up: the named query elements call.
 * One query for objectives, one for key results (latest check-in as of the
 * date done in SQL), then one pass in JS.
 */
export async function queryCascade(connector: Connector, options: CascadeOptions = {}): Promise<CascadeTree> {
  if (options.rollup != null && !isRollupMode(options.rollup)) {
    throw new RangeError(`roll-up mode "${String(options.rollup)}" is not one of krs, children, both`);
  }
  const rows = await queryCascadeRows(connector, { cycle: options.cycle ?? null, asOf: options.asOf ?? null });
  return buildCascade(rows, { rollup: options.rollup ?? null, thresholds: options.thresholds ?? {} });
}

/** One node as the CLI and text alternatives list it. */
export interface CascadeReportNode {
  id: string;
  kind: 'objective' | 'key_result';
  title: string;
  parent_id: string | null;
  parent_kind: 'objective' | 'key_result' | null;
  depth: number;
  owner: string | null;
  progress: number | null;
  stated_progress: number | null;
  status: string;
  confidence: number | null;
}

export interface CascadeReport {
  cycle: string | null;
  as_of: string | null;
  reference_date: string | null;
  rollup: string | null;
  elapsed: number | null;
  objectives: number;
  key_results: number;
  nodes: CascadeReportNode[];
  unaligned: string[];
  diagnostics: CascadeTree['diagnostics'];
}

/** The tree flattened in outline order (parents before children), for `plumb cascade --json`. */
export function cascadeReportFromTree(tree: CascadeTree): CascadeReport {
  const out: CascadeReportNode[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const i = stack.pop()!;
    const n = tree.nodes[i]!;
    if (n.kind !== 'group') {
      out.push({
        id: n.id, kind: n.kind, title: n.title, parent_id: n.parent_id, parent_kind: n.parent_kind === 'group' ? null : n.parent_kind,
        depth: n.depth, owner: n.owner_name ?? n.owner_id, progress: n.progress, stated_progress: n.stated_progress,
        status: n.status, confidence: n.confidence,
      });
    }
    for (let c = n.children.length - 1; c >= 0; c--) stack.push(n.children[c]!);
  }
  return {
    cycle: tree.cycle.cycle_id, as_of: tree.as_of, reference_date: tree.reference_date, rollup: tree.rollup, elapsed: tree.elapsed,
    objectives: tree.objectives, key_results: tree.key_results, nodes: out, unaligned: tree.unaligned, diagnostics: tree.diagnostics,
  };
}

/** Query, roll up and flatten: what `plumb cascade` prints. */
export async function cascadeReport(connector: Connector, options: CascadeOptions = {}): Promise<CascadeReport> {
  return cascadeReportFromTree(await queryCascade(connector, options));
}
