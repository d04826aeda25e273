import { queryRows, type Connector } from '../connector.js';
import { ORG_FILTER_FIELDS } from '../queries/options.js';
import { pseudonymIndex } from '../privacy/pseudonym-index.js';
import type { Identity } from './identity.js';

/**
 * What an identity may see, computed on the server from the identity and the org data (never from
 * anything the client sends): everyone (admin), or a set of teams and people.
 *  - manager: the teams they lead and every team under them, their direct and indirect reports
 *    (by `manager_id`) and everyone in those teams, and themselves;
 *  - facilitator: the team of their calibration scope and everything under it;
 *  - employee: themselves.
 */
export type Scope =
  | { all: true }
  | {
      all: false;
      teams: ReadonlySet<string>;
      people: ReadonlySet<string>;
      /** Led teams not under another led team: what an unfiltered request is narrowed to. */
      roots: readonly string[];
      /** The caller's own person id (for "me" requests of an employee). */
      self: string | null;
    };

export class ScopeError extends Error {
  readonly status = 403;
}

/** The person an identity is: its `person_id`, else the person whose id or e-mail is its subject. */
async function personOf(connector: Connector, identity: Identity): Promise<string | null> {
  const key = identity.person_id ?? identity.subject;
  const rows = await queryRows<{ person_id: string }>(
    connector,
    'SELECT DISTINCT CAST(person_id AS VARCHAR) AS person_id FROM people WHERE CAST(person_id AS VARCHAR) = ? OR lower(email) = lower(?) LIMIT 2',
    [key, key],
  );
  return rows.length === 1 ? rows[0]!.person_id : null;
}

/** `roots` and every team under them (by `parent_team_id`; a cycle stops, never loops). */
async function teamsUnder(connector: Connector, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await queryRows<{ team_id: string }>(
    connector,
    `WITH RECURSIVE under(team_id) AS (
       SELECT CAST(team_id AS VARCHAR) FROM teams WHERE list_contains(?::VARCHAR[], CAST(team_id AS VARCHAR))
       UNION
       SELECT CAST(t.team_id AS VARCHAR) FROM teams t JOIN under u ON CAST(t.parent_team_id AS VARCHAR) = u.team_id
     )
     SELECT DISTINCT team_id FROM under`,
    [JSON.stringify(roots)],
  );
  return rows.map((r) => r.team_id);
}

async function peopleIn(connector: Connector, teams: readonly string[], manager: string | null): Promise<string[]> {
  const rows = await queryRows<{ person_id: string }>(
    connector,
    `WITH RECURSIVE reports(person_id) AS (
       SELECT CAST(person_id AS VARCHAR) FROM people WHERE CAST(manager_id AS VARCHAR) = ?
       UNION
       SELECT CAST(p.person_id AS VARCHAR) FROM people p JOIN reports r ON CAST(p.manager_id AS VARCHAR) = r.person_id
     )
     SELECT person_id FROM reports
     UNION
     SELECT CAST(person_id AS VARCHAR) FROM people WHERE list_contains(?::VARCHAR[], CAST(team_id AS VARCHAR))`,
    [manager, JSON.stringify(teams)],
  );
  return rows.map((r) => r.person_id);
}

/** The scope of `identity` over `connector`'s org data. */
export async function computeScope(connector: Connector, identity: Identity): Promise<Scope> {
  if (identity.role === 'admin') return { all: true };
  const self = await personOf(connector, identity);
  if (identity.role === 'facilitator') {
    if (!identity.team_id) throw new ScopeError('a facilitator needs a calibration scope (a team) in their identity');
    const teams = await teamsUnder(connector, [identity.team_id]);
    if (teams.length === 0) throw new ScopeError('the team of your calibration scope is not in the data');
    const people = await peopleIn(connector, teams, null);
    return { all: false, teams: new Set(teams), people: new Set(self ? [...people, self] : people), roots: [identity.team_id], self };
  }
  if (!self) throw new ScopeError('your identity matches no person in the data');
  if (identity.role === 'employee') return { all: false, teams: new Set(), people: new Set([self]), roots: [], self };
  const led = (
    await queryRows<{ team_id: string }>(connector, 'SELECT CAST(team_id AS VARCHAR) AS team_id FROM teams WHERE CAST(lead_id AS VARCHAR) = ?', [self])
  ).map((r) => r.team_id);
  const teams = await teamsUnder(connector, led);
  const ledSet = new Set(led);
  const parents = new Map(
    (await queryRows<{ team_id: string; parent: string | null }>(connector, 'SELECT CAST(team_id AS VARCHAR) AS team_id, CAST(parent_team_id AS VARCHAR) AS parent FROM teams')).map((r) => [r.team_id, r.parent]),
  );
  // A led team under another led team is not a root (walk up, stopping on a cycle).
  const roots = led.filter((team) => {
    const seen = new Set([team]);
    for (let p = parents.get(team) ?? null; p !== null && !seen.has(p); p = parents.get(p) ?? null) {
      if (ledSet.has(p)) return false;
      seen.add(p);
    }
    return true;
  });
  const people = await peopleIn(connector, teams, self);
  return { all: false, teams: new Set(teams), people: new Set([...people, self]), roots, self };
}

/** Options naming one person (a pseudonym under anonymize). */
const PERSON_KEYS = ['person', 'person_id', 'rater_id', 'manager_id', 'owner_id'] as const;
const TEAM_KEYS = ['team_id'] as const;
const OBJECTIVE_KEYS = ['objective_id'] as const;
const KEY_RESULT_KEYS = ['key_result_id'] as const;
const KEY_RESULT_LIST_KEYS = ['key_result_ids'] as const;

/**
 * Every option a named query of core takes. A caller with a narrower scope than everyone may send
 * only these (an option the scope check does not know could name something outside the scope).
 */
export const KNOWN_OPTION_KEYS = new Set<string>([
  ...ORG_FILTER_FIELDS, ...PERSON_KEYS, ...TEAM_KEYS, ...KEY_RESULT_LIST_KEYS,
  'cycle', 'asOf', 'stage', 'dimension', 'compareStage', 'location', 'anonymize', 'salt', 'pseudonymSalt', 'minGroup',
  'raterNames', 'changes', 'changesByRater', 'flags', 'includeRatings', 'days', 'recognitionDays', 'potentialDimension',
  'performanceDimension', 'limit', 'thresholds', 'showKeyResults', 'namesPerBox', 'key', 'keys', 'expanded', 'parents', 'text',
  'halo', 'rollup', 'depth', 'impactAttribute', 'before', 'after', 'seriesLimit', 'alertLimit', 'rules', 'groupBy',
  'by', 'threshold', 'ruleWeek', 'measures', 'cacheKey', 'session_id', 'maxRaters',
]);

export interface ScopeContext {
  connector: Connector;
  scope: Scope;
  /** Server-held salt: pseudonyms in options are resolved with it. */
  salt: string;
}

/**
 * `options` narrowed to `scope`: a filter outside it is refused (ScopeError), an unfiltered request
 * is narrowed to the caller's subtree (or their own person), never widened. Under anonymize an
 * option naming a person must be a pseudonym (a real id would be answered with its pseudonym).
 */
export async function scopeOptions(ctx: ScopeContext, options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { connector, scope } = ctx;
  const out: Record<string, unknown> = { ...options };
  const anonymize = options.anonymize === true;
  const index = anonymize ? await pseudonymIndex(connector, ctx.salt) : null;

  for (const key of PERSON_KEYS) {
    const value = out[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new ScopeError(`option ${key} must be text`);
    let id = value;
    if (index) {
      const resolved = index.resolve(value);
      // resolve() passes real ids through; under anonymize only a pseudonym is accepted.
      if (resolved === null || resolved === value) throw new ScopeError(`option ${key}: with anonymize, people are named by their pseudonym`);
      id = resolved;
    }
    if (!scope.all && !scope.people.has(id)) throw new ScopeError(`option ${key} names someone outside your scope`);
  }
  if (scope.all) return out;

  for (const key of Object.keys(out)) {
    if (!KNOWN_OPTION_KEYS.has(key)) throw new ScopeError(`option ${key} is not accepted for your role`);
  }
  for (const key of TEAM_KEYS) {
    const value = out[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !scope.teams.has(value)) throw new ScopeError(`option ${key} names a team outside your scope`);
  }
  for (const key of OBJECTIVE_KEYS) {
    const value = out[key];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !(await objectiveInScope(connector, scope, value))) throw new ScopeError(`option ${key} names an objective outside your scope`);
  }
  const keyResults: unknown[] = [];
  for (const key of KEY_RESULT_KEYS) if (out[key] !== undefined && out[key] !== null && out[key] !== '') keyResults.push(out[key]);
  for (const key of KEY_RESULT_LIST_KEYS) {
    const list = out[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new ScopeError(`option ${key} must be a list`);
    keyResults.push(...list);
  }
  for (const value of keyResults) {
    if (typeof value !== 'string' || !(await keyResultInScope(connector, scope, value))) throw new ScopeError('a key result in the options is outside your scope');
  }

  const named = [...PERSON_KEYS, ...TEAM_KEYS].some((k) => out[k] !== undefined && out[k] !== null && out[k] !== '');
  if (!named) {
    // Narrow an unfiltered request: to the one led subtree, or to the caller themselves.
    if (scope.roots.length === 1) out.team_id = scope.roots[0];
    else if (scope.roots.length === 0 && scope.self) {
      out.person_id = index ? index.code(scope.self) : scope.self;
      out.person = out.person_id;
    } else if (scope.roots.length > 1) throw new ScopeError(`name a team within your scope (you lead ${scope.roots.length} separate teams)`);
    else throw new ScopeError('your scope is empty');
  }
  return out;
}

async function objectiveInScope(connector: Connector, scope: Extract<Scope, { all: false }>, id: string): Promise<boolean> {
  const rows = await queryRows<{ team_id: string | null; owner_id: string | null }>(
    connector,
    'SELECT CAST(team_id AS VARCHAR) AS team_id, CAST(owner_id AS VARCHAR) AS owner_id FROM objectives WHERE CAST(objective_id AS VARCHAR) = ?',
    [id],
  );
  return rows.length > 0 && rows.every((r) => (r.team_id !== null && scope.teams.has(r.team_id)) || (r.owner_id !== null && scope.people.has(r.owner_id)));
}

async function keyResultInScope(connector: Connector, scope: Extract<Scope, { all: false }>, id: string): Promise<boolean> {
  const rows = await queryRows<{ team_id: string | null; owner_id: string | null }>(
    connector,
    `SELECT CAST(o.team_id AS VARCHAR) AS team_id, CAST(coalesce(k.owner_id, o.owner_id) AS VARCHAR) AS owner_id
       FROM key_results k LEFT JOIN objectives o USING (objective_id) WHERE CAST(k.key_result_id AS VARCHAR) = ?`,
    [id],
  );
  return rows.length > 0 && rows.every((r) => (r.team_id !== null && scope.teams.has(r.team_id)) || (r.owner_id !== null && scope.people.has(r.owner_id)));
}
