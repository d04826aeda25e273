import { STATUS_LABELS } from './status.js';
import { rollupParts } from './rollup.js';
import type { CascadeNode, CascadeNodeKind, CascadeStatus, CascadeTree } from './types.js';

export interface ExplainPart {
  key: string;
  id: string;
  kind: CascadeNodeKind;
  title: string;
  progress: number | null;
  weight: number;
  counted: boolean;
  reason?: string;
  /** Share of the parent's number this part produced (weight × progress / counted weight). */
  contribution: number | null;
  /** Title of the key result an objective is aligned through, when it is. */
  via?: string;
}

/** How a node's number was produced: the inputs, their weights, and the method in words. */
export interface CascadeExplanation {
  key: string;
  id: string;
  kind: CascadeNodeKind;
  title: string;
  progress: number | null;
  stated_progress: number | null;
  confidence: number | null;
  status: CascadeStatus;
  /** One or two sentences a person can read. */
  method: string;
  /** Why the status is what it is. */
  status_reason: string;
  parts: ExplainPart[];
}

export function formatPercent(x: number | null): string {
  return x == null ? 'no data' : `${Math.round(x * 100)} %`;
}

function num(x: number | null): string {
  return x == null ? '?' : String(Math.round(x * 1000) / 1000);
}

function statusReason(tree: CascadeTree, n: CascadeNode): string {
  const t = tree.thresholds;
  const label = STATUS_LABELS[n.status];
  if (n.kind === 'group') return 'A group, not an objective: it has no status of its own.';
  if (n.status === 'no-data') return `${label}: neither progress nor confidence has been reported.`;
  if (n.status === 'done') return `${label}: progress reached 100 %.`;
  const bits: string[] = [];
  if (tree.elapsed != null && n.progress != null) {
    bits.push(`progress ${formatPercent(n.progress)} against ${formatPercent(tree.elapsed)} of the cycle elapsed`);
  } else if (n.progress != null) bits.push(`progress ${formatPercent(n.progress)} (cycle dates unknown, so not compared with time)`);
  if (n.confidence != null) bits.push(`confidence ${formatPercent(n.confidence)}`);
  return `${label}: ${bits.join(', ')}. At risk when behind by more than ${formatPercent(t.atRiskGap)} or confidence is below ${formatPercent(t.atRiskConfidence)}; off track beyond ${formatPercent(t.offTrackGap)} or below ${formatPercent(t.offTrackConfidence)}.`;
}

/**
 * The "explain" answer for a node (by key, `objective:ID` / `key_result:ID`):
 * which children and values produced its number, and how.
 */
export function explainCascadeNode(tree: CascadeTree, key: string): CascadeExplanation | null {
  const i = tree.index.get(key);
  if (i === undefined) return null;
  const n = tree.nodes[i]!;
  const base = {
    key: n.key, id: n.id, kind: n.kind, title: n.title, progress: n.progress, stated_progress: n.stated_progress,
    confidence: n.confidence, status: n.status, status_reason: statusReason(tree, n),
  };
  if (n.kind === 'key_result') {
    let method: string;
    if (n.value_source == null) method = 'No check-in and no value in the export: no data (not 0 %).';
    else {
      const from = n.value_source === 'check-in' ? `the check-in of ${n.checked_at ?? 'an unknown date'}` : 'the snapshot in the export';
      method = n.current_value != null && n.start_value != null && n.target_value != null && n.start_value !== n.target_value
        ? `(current − start) / (target − start) = (${num(n.current_value)} − ${num(n.start_value)}) / (${num(n.target_value)} − ${num(n.start_value)}), clamped to 0–100 %, = ${formatPercent(n.progress)}; current value from ${from}.`
        : n.progress != null
          ? `The progress stated by ${from} (${formatPercent(n.progress)}); no start/target/current value to compute one.`
          : `Start, target or current value missing (or target equals start), so progress is undefined; from ${from}.`;
      if (n.stated_progress != null && n.progress != null && Math.abs(n.stated_progress - n.progress) >= 0.005) {
        method += ` The export states ${formatPercent(n.stated_progress)}.`;
      }
    }
    return { ...base, method, parts: [] };
  }
  if (n.kind === 'group') {
    return {
      ...base,
      method: `${n.children.length} objectives with no parent that are not company objectives: work not connected to any company goal.`,
      parts: n.children.map((c) => {
        const child = tree.nodes[c]!;
        return { key: child.key, id: child.id, kind: child.kind, title: child.title, progress: child.progress, weight: child.weight, counted: false, contribution: null };
      }),
    };
  }
  const mode = n.rollup ?? 'both';
  const { source, parts } = rollupParts(tree.nodes, i, mode);
  const countedWeight = parts.reduce((s, p) => s + (p.counted ? p.weight : 0), 0);
  const what = source === 'krs' ? 'its key results' : source === 'children' ? 'its contributing child objectives' : 'its key results and contributing child objectives together';
  const counted = parts.filter((p) => p.counted).length;
  let method = counted
    ? `Weighted mean of ${what}: Σ(weight × progress) / Σ weight over the ${counted} with data = ${formatPercent(n.progress)}.`
    : `Roll-up of ${what}: none has data, so no data (not 0 %).`;
  if (source !== mode) method += ` (Roll-up mode "${mode}" asked for ${mode === 'krs' ? 'key results' : 'child objectives'}, and it has none.)`;
  if (parts.length > counted) method += ` ${parts.length - counted} not counted (see each reason).`;
  if (n.stated_progress != null && n.progress != null && Math.abs(n.stated_progress - n.progress) >= 0.005) {
    method += ` The export states ${formatPercent(n.stated_progress)}.`;
  }
  return {
    ...base,
    method,
    parts: parts.map((p) => {
      const c = tree.nodes[p.index]!;
      const part: ExplainPart = {
        key: c.key, id: c.id, kind: c.kind, title: c.title, progress: c.progress, weight: p.weight, counted: p.counted,
        contribution: p.counted && c.progress != null && countedWeight > 0 ? (p.weight * c.progress) / countedWeight : null,
      };
      if (p.reason) part.reason = p.reason;
      if (p.via !== undefined) part.via = tree.nodes[p.via]!.title;
      return part;
    }),
  };
}
