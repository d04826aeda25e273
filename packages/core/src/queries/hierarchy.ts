/**
 * The one meaning of a team or a manager in a filter (DESIGN.md, "a team means the team and everything
 * under it; a manager means their direct and indirect reports"), for every named query.
 *
 * Each hierarchy is closed once per data version (`derived`) into a table the queries join, plus the
 * parent links in memory (chains and names for the privacy plan and the banner):
 * - `plumb_team_closure(ancestor_id, team_id)`: every team with itself and each team under it
 *   (`teams.parent_team_id`);
 * - `plumb_manager_closure(manager_id, person_id)`: every person under a manager, directly or not
 *   (`people.manager_id`); the manager themself is not their own report.
 * The recursion is `UNION` (set semantics): a cycle adds no new row, so it ends; the cycle is
 * reported in `cycles` (and by validation at load), never followed round.
 */
import type { Connector } from '../connector.js';
import { queryRows } from '../connector.js';
import { derived } from './derived.js';
import { inList, listParam, type SqlParam } from '../sql.js';
import { findCycles } from '../validate/cycles.js';

export const TEAM_CLOSURE = 'plumb_team_closure';
export const MANAGER_CLOSURE = 'plumb_manager_closure';

export interface Hierarchy {
  /** The closure table (see above). */
  table: string;
  /** Each node's parent (team → parent team, person → manager); absent for unknown ids. */
  parent: ReadonlyMap<string, string | null>;
  /** Each node's children. */
  children: ReadonlyMap<string, readonly string[]>;
  /** Cycles in the parent links (each as ids in parent order), reported and never walked round. */
  cycles: readonly string[][];
  /** Display names (team name, person name) where the data has them. */
  names: ReadonlyMap<string, string>;
}

/** `id` and its ancestors, from the top down to `id` itself (a cycle stops the walk where it closes). */
export function chainOf(tree: Hierarchy, id: string): string[] {
  const chain = [id];
  const seen = new Set(chain);
  for (let at = tree.parent.get(id); at != null && !seen.has(at); at = tree.parent.get(at)) {
    seen.add(at);
    chain.unshift(at);
  }
  return chain;
}

/** Everything under `id` (not `id` itself), breadth first, each once (cycle-safe). */
export function descendantsOf(tree: Hierarchy, id: string): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  for (let i = -1, at = id; ; at = out[++i]!) {
    for (const c of tree.children.get(at) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        out.push(c);
      }
    }
    if (i + 1 >= out.length) return out;
  }
}

function build(links: { id: string; parent: string | null; name: string | null }[], table: string): Hierarchy {
  const parent = new Map<string, string | null>();
  const children = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const l of links) {
    if (parent.has(l.id)) continue;
    parent.set(l.id, l.parent);
    if (l.name != null) names.set(l.id, l.name);
    if (l.parent != null) {
      let list = children.get(l.parent);
      if (!list) children.set(l.parent, (list = []));
      list.push(l.id);
    }
  }
  return { table, parent, children, names, cycles: findCycles(links) };
}

/** The team tree, closed once per data version. */
export function teamHierarchy(connector: Connector): Promise<Hierarchy> {
  return closed(
    connector,
    TEAM_CLOSURE,
    `WITH RECURSIVE tree(ancestor_id, team_id) AS (
       -- Every team id the data names (a person's or objective's team missing from \`teams\` still means itself).
       SELECT team_id, team_id FROM (SELECT team_id FROM teams UNION SELECT team_id FROM people UNION SELECT team_id FROM objectives)
        WHERE team_id IS NOT NULL
       UNION
       SELECT tree.ancestor_id, t.team_id FROM tree JOIN teams t ON t.parent_team_id = tree.team_id
     ) SELECT * FROM tree`,
    `SELECT team_id AS id, parent_team_id AS parent, name FROM teams WHERE team_id IS NOT NULL ORDER BY rowid`,
  );
}

/** The manager chain, closed once per data version. */
export function managerHierarchy(connector: Connector): Promise<Hierarchy> {
  return closed(
    connector,
    MANAGER_CLOSURE,
    `WITH RECURSIVE tree(manager_id, person_id) AS (
       SELECT DISTINCT manager_id, person_id FROM people WHERE manager_id IS NOT NULL AND person_id IS NOT NULL
       UNION
       SELECT tree.manager_id, p.person_id FROM tree JOIN people p ON p.manager_id = tree.person_id
     ) SELECT * FROM tree`,
    `SELECT person_id AS id, manager_id AS parent, name FROM people WHERE person_id IS NOT NULL ORDER BY rowid`,
  );
}

/** A hierarchy's closure table written from `closure`, and its parent links read by `links`, once per data version. */
function closed(connector: Connector, table: string, closure: string, links: string): Promise<Hierarchy> {
  return derived(connector, `hierarchy:${table}`, async () => {
    await connector.query(`CREATE OR REPLACE TABLE ${table} AS ${closure}`);
    return build(await queryRows<{ id: string; parent: string | null; name: string | null }>(connector, links), table);
  });
}

/** SQL condition: `column` (a team id) is the team `?` or under it. Needs `teamHierarchy` built. */
export function inTeamSubtree(column: string): string {
  return `${column} IN (SELECT team_id FROM ${TEAM_CLOSURE} WHERE ancestor_id = ?)`;
}

/** SQL condition: `column` (a person id) is a direct or indirect report of the manager `?`. Needs `managerHierarchy` built. */
export function inReportsOf(column: string): string {
  return `${column} IN (SELECT person_id FROM ${MANAGER_CLOSURE} WHERE manager_id = ?)`;
}

/**
 * SQL condition over a person's direct manager column: the person reports to `manager`, directly or
 * not (their manager is `manager` or under them), with its parameters. For tables keyed by a
 * person's manager rather than the person (calibration's atoms).
 */
export function managedUnder(column: string, manager: string): { sql: string; params: SqlParam[] } {
  return { sql: `(${column} = ? OR ${inReportsOf(column)})`, params: [manager, manager] };
}

/**
 * A subquery `(id, lv)`: for each team (`team`) or person (`manager`) under the top of `chain` (ids top first, each
 * the parent of the next, as `chainOf` gives them), on how many of the chain's levels it is in the filter — the team
 * in the level's subtree (`inTeamSubtree`), the person the level's manager or under them (`managedUnder`). The chain's
 * sets are nested (each level's lies inside the one above), so an id is at level l exactly when `lv >= l`: one join
 * answers every level, where a condition per level was a subquery each. `among`, a one-column subquery, restricts it
 * to the ids a query looks up (the chain's top holds the whole organisation: 100k people, ~85k closure rows grouped
 * where a team's rows name a few dozen teams).
 */
export function chainDepth(kind: 'team' | 'manager', chain: readonly string[], among?: string): { sql: string; params: SqlParam[] } {
  const list = listParam(chain);
  const only = (column: string) => (among ? ` AND ${column} IN (${among})` : '');
  if (kind === 'team') {
    return { sql: `SELECT team_id AS id, count(*) AS lv FROM ${TEAM_CLOSURE} WHERE ancestor_id IN ${inList('?')}${only('team_id')} GROUP BY team_id`, params: [list] };
  }
  // A manager's level holds the manager and their reports: (level, id) pairs as a set, so a cycle counts a level once.
  return {
    sql: `SELECT id, count(*) AS lv FROM (SELECT manager_id AS level, person_id AS id FROM ${MANAGER_CLOSURE} WHERE manager_id IN ${inList('?')}${only('person_id')}
                                          UNION SELECT v, v FROM ${inList('?')} t(v)${among ? ` WHERE v IN (${among})` : ''}) GROUP BY id`,
    params: [list, list],
  };
}

/** Build the hierarchies a filter names (a no-op when it names neither). */
export async function hierarchiesFor(connector: Connector, filter: { team_id?: string | null; manager_id?: string | null }): Promise<{ team: Hierarchy | null; manager: Hierarchy | null }> {
  const [team, manager] = await Promise.all([
    filter.team_id ? teamHierarchy(connector) : null,
    filter.manager_id ? managerHierarchy(connector) : null,
  ]);
  return { team, manager };
}
