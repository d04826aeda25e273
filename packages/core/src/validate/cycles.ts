/**
 * Cycles in a hierarchy where every node has at most one parent (objective
 * alignment, manager chain, team tree). Iterative and linear: each node is
 * walked once, so a 5,000-deep chain costs 5,000 steps and no stack, and a
 * cycle is reported once, never followed round.
 */
export interface ParentLink {
  id: string;
  parent: string | null;
}

/** Each cycle as its ids in parent order, starting from the smallest id (stable output). */
export function findCycles(links: Iterable<ParentLink>): string[][] {
  const parent = new Map<string, string | null>();
  for (const { id, parent: p } of links) if (!parent.has(id)) parent.set(id, p);
  const state = new Map<string, number>(); // walk number that visited the node; done nodes keep theirs
  const cycles: string[][] = [];
  let walk = 0;
  for (const start of parent.keys()) {
    if (state.has(start)) continue;
    walk++;
    let node: string | null | undefined = start;
    while (node != null && parent.has(node) && !state.has(node)) {
      state.set(node, walk);
      node = parent.get(node);
    }
    // Reached a node seen in this very walk: the path from it back to itself is a cycle.
    if (node != null && state.get(node) === walk) {
      const cycle: string[] = [];
      let at: string = node;
      do {
        cycle.push(at);
        at = parent.get(at)!;
      } while (at !== node);
      cycles.push(rotateToSmallest(cycle));
    }
  }
  return cycles;
}

function rotateToSmallest(cycle: string[]): string[] {
  let best = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[best]!) best = i;
  return [...cycle.slice(best), ...cycle.slice(0, best)];
}
