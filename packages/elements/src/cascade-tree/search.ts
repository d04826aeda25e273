import type { CascadeForest } from './visible-rows.js';

/**
 * Nodes whose title, owner or id contains every word of the query
 * (case-insensitive), in outline order of the forest (depth first). An empty
 * query matches nothing. Stops after `limit` matches.
 */
export function searchCascade(forest: CascadeForest, query: string, limit = 1000): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const out: number[] = [];
  const stack = [...forest.roots].reverse();
  while (stack.length && out.length < limit) {
    const i = stack.pop()!;
    const n = forest.nodes[i]!;
    if (n.kind !== 'group') {
      const text = `${n.title}\n${n.owner_name ?? ''}\n${n.id}\n${n.team_name ?? ''}`.toLowerCase();
      if (words.every((w) => text.includes(w))) out.push(i);
    }
    for (let c = n.children.length - 1; c >= 0; c--) stack.push(n.children[c]!);
  }
  return out;
}

/**
 * Type-ahead: the next row after `from` (wrapping) whose title starts with
 * `prefix`, as ARIA trees do; -1 when none.
 */
export function typeAheadMatch(titles: readonly string[], from: number, prefix: string): number {
  const p = prefix.toLowerCase();
  const n = titles.length;
  for (let step = 1; step <= n; step++) {
    const i = (from + step) % n;
    if (titles[i]!.toLowerCase().startsWith(p)) return i;
  }
  return -1;
}
