import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpConnector } from '@plumb/core/http';
import type { CliIO } from '../io.js';
import type { Connector } from '@plumb/core/queries';
import { queryRows } from '@plumb/core/queries';
import { openForCommand } from '../load-files.js';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';
import { effectiveEvents, nextEvent, ratingKey, reasonRequired, validateEvent, type ReasonPolicy, type SessionEvent } from '@plumb/core/queries';
import { SessionRatings, appendSessionEvents, openSession, sessionEvents, sessions } from '@plumb/core/queries';
import { calibratedRatingsCSV, sessionChanges } from '@plumb/core/queries';

export const summary = 'calibration sessions: summary of a log, validate or apply a change file (--out DIR), close one on a server';

const HELP = `Usage:
  plumb session summary FILE... [--cycle C] [--json]
  plumb session validate CHANGES.csv FILE... [--cycle C] [--reason-required always|two-levels|never]
  plumb session apply CHANGES.csv FILE... --out DIR [--cycle C] [--by ID] [--reason-required …]
  plumb session close SESSION_ID --server URL

A change file is a session's export: columns employee_id, before, after and optionally cycle_id,
dimension (default overall), reason, by, at. validate checks it against the data: every employee
known, every "before" the rating in force now (else someone changed it since), every move of two
levels or more (--reason-required) with a reason, every "after" on the rating scale. apply does the
same, then writes DIR/ratings.csv: every rating of the files, with the calibrated stage the changes
give, in the canonical layout (load it back and the calibrated stage is the same). Nothing is
written when a change is refused. summary lists the sessions of calibration_sessions and
calibration_events files loaded with the data.

close ends a session kept by plumb serve --sessions: it takes no more changes (pages show it
closed). The token is read from the PLUMB_TOKEN environment variable (a facilitator's or an
administrator's), never from the command line, where other users of the machine could read it.

--cycle C     the review cycle the changes are for (default: the file's cycle_id column, else the
              latest cycle with ratings)

${LOAD_OPTIONS_HELP}`;

interface ChangeInput {
  row: number;
  cycle_id: string | null;
  employee_id: string | null;
  dimension: string | null;
  before: number | null;
  after: number | null;
  reason: string | null;
  by: string | null;
  at: string | null;
}

interface Problem {
  row: number;
  column: string;
  message: string;
}

const POLICIES: readonly ReasonPolicy[] = ['always', 'two-levels', 'never'];

/** Read a change file through DuckDB's CSV reader (text columns; numbers checked here, by row). */
async function readChanges(connector: Connector, path: string): Promise<{ rows: ChangeInput[]; problems: Problem[] }> {
  const name = `changes-${basename(path)}`;
  await connector.registerFile(name, new Uint8Array(await readFile(path)));
  const raw = await queryRows<Record<string, string | null>>(
    connector,
    `SELECT * FROM read_csv(?, header = true, all_varchar = true, auto_detect = true)`,
    [name],
  ).finally(() => connector.dropFile(name));
  const problems: Problem[] = [];
  const columns = new Set(Object.keys(raw[0] ?? {}));
  for (const required of ['employee_id', 'before', 'after']) {
    if (raw.length && !columns.has(required)) problems.push({ row: 1, column: required, message: `the change file has no "${required}" column` });
  }
  const rows = raw.map((r, i): ChangeInput => {
    const row = i + 2; // line 1 is the header
    const text = (k: string) => (r[k] === undefined || r[k] === null || r[k] === '' ? null : String(r[k]));
    const num = (k: string) => {
      const v = text(k);
      if (v === null) return null;
      const n = Number(v);
      if (!Number.isFinite(n)) problems.push({ row, column: k, message: `"${v}" is not a number` });
      return Number.isFinite(n) ? n : null;
    };
    return {
      row, cycle_id: text('cycle_id'), employee_id: text('employee_id'), dimension: text('dimension') ?? 'overall',
      before: num('before'), after: num('after'), reason: text('reason'), by: text('by'), at: text('at'),
    };
  });
  return { rows, problems };
}

/** The cycle the changes are for: --cycle, else the file's one cycle_id, else the latest cycle with ratings. */
async function changeCycle(connector: Connector, asked: string | undefined, rows: readonly ChangeInput[]): Promise<string | null> {
  if (asked !== undefined) return asked;
  const inFile = [...new Set(rows.map((r) => r.cycle_id).filter((c): c is string => c !== null))];
  if (inFile.length > 1) throw new UsageError(`the change file names ${inFile.length} cycles (${inFile.join(', ')}): give --cycle`);
  if (inFile.length === 1) return inFile[0]!;
  const [latest] = await queryRows<{ c: string | null }>(connector, 'SELECT max(cycle_id) AS c FROM ratings');
  return latest?.c ?? null;
}

/** Check the change file row by row against the data (each change applied before the next is checked). */
async function checkChanges(
  connector: Connector,
  rows: readonly ChangeInput[],
  cycle: string | null,
  sessionId: string,
  by: string | null,
  policy: ReasonPolicy,
): Promise<{ events: SessionEvent[]; problems: Problem[] }> {
  await openSession(connector, { session_id: sessionId, cycle_id: cycle, scope: null, facilitator_id: by, opened_at: new Date().toISOString(), closed_at: null });
  const state = await SessionRatings.load(connector, cycle, policy);
  const events: SessionEvent[] = [];
  const problems: Problem[] = [];
  for (const r of rows) {
    if (r.employee_id === null) {
      problems.push({ row: r.row, column: 'employee_id', message: 'no employee_id' });
      continue;
    }
    if (r.cycle_id !== null && r.cycle_id !== cycle) {
      problems.push({ row: r.row, column: 'cycle_id', message: `the change is for cycle ${r.cycle_id}, not ${cycle}` });
      continue;
    }
    const problem = validateEvent(
      events,
      { kind: 'rating', employee_id: r.employee_id, dimension: r.dimension, from_rating: r.before, to_rating: r.after, reason: r.reason },
      state,
    );
    if (problem) {
      const column = { conflict: 'before', 'unknown-employee': 'employee_id', 'no-base-rating': 'dimension', 'reason-required': 'reason', 'not-on-scale': 'after' }[problem.code as string] ?? 'after';
      problems.push({ row: r.row, column, message: problem.message });
      continue;
    }
    if (r.before === null) problems.push({ row: r.row, column: 'before', message: 'no "before": the rating the change was made from must be given' });
    else {
      const e = nextEvent(events, sessionId, { kind: 'rating', employee_id: r.employee_id, dimension: r.dimension, from_rating: r.before, to_rating: r.after, reason: r.reason }, r.by ?? by, r.at ?? new Date().toISOString());
      events.push(e);
      state.ratings.set(ratingKey(r.employee_id, r.dimension), r.after!);
    }
  }
  return { events, problems };
}

async function summarise(connector: Connector, json: boolean, io: CliIO): Promise<number> {
  const list = await sessions(connector);
  const out = [];
  for (const s of list) {
    const events = await sessionEvents(connector, s.session_id);
    const changes = await sessionChanges(connector, { cycle: s.cycle_id, session_id: s.session_id });
    const inForce = effectiveEvents(events);
    out.push({
      ...s,
      events: events.length,
      undos: events.filter((e) => e.kind === 'undo').length,
      changes: changes.length,
      two_level_moves: changes.filter((c) => Math.abs(c.after - c.before) >= 2).length,
      without_reason: changes.filter((c) => !c.reason).length,
      discussed: new Set(inForce.filter((e) => e.kind === 'discussed').map((e) => e.employee_id)).size,
      notes: inForce.filter((e) => e.kind === 'note').length,
    });
  }
  if (json) io.stdout(JSON.stringify(out, null, 2));
  else if (!out.length) io.stdout('No calibration session in these files.');
  else {
    for (const s of out) {
      io.stdout(
        `Session ${s.session_id} · cycle ${s.cycle_id ?? '(none)'} · opened ${s.opened_at ?? '?'}${s.closed_at ? ` · closed ${s.closed_at}` : ''}\n` +
          `  ${s.events} events (${s.undos} undos): ${s.changes} ratings changed, ${s.two_level_moves} by two levels or more, ` +
          `${s.without_reason} without a reason; ${s.discussed} people discussed; ${s.notes} notes`,
      );
    }
  }
  return 0;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    io.stdout(HELP);
    return sub ? 0 : 2;
  }
  if (!['summary', 'validate', 'apply', 'close'].includes(sub)) {
    io.stderr(`plumb session: unknown subcommand "${sub}" (summary, validate, apply or close)\n\n${HELP}`);
    return 2;
  }
  if (sub === 'close') return closeOnServer(rest, io);
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(rest, {
      json: { type: 'boolean' },
      cycle: { type: 'string' },
      out: { type: 'string' },
      by: { type: 'string' },
      'reason-required': { type: 'string' },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`plumb session ${sub}: ${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    io.stdout(HELP);
    return 0;
  }
  const { values, positionals, load } = parsed;
  const policy = (values['reason-required'] as string | undefined) ?? 'two-levels';
  const usage = (message: string) => {
    io.stderr(`plumb session ${sub}: ${message}\n\n${HELP}`);
    return 2;
  };
  if (!POLICIES.includes(policy as ReasonPolicy)) return usage(`--reason-required must be one of ${POLICIES.join(', ')}, got "${policy}"`);
  const needsChanges = sub !== 'summary';
  const changesPath = needsChanges ? positionals[0] : undefined;
  const files = needsChanges ? positionals.slice(1) : positionals;
  if (needsChanges && !changesPath) return usage('give the change file, then the data FILEs');
  if (files.length === 0) return usage('give at least one data FILE');
  if (sub === 'apply' && typeof values.out !== 'string') return usage('give --out DIR (where ratings.csv is written)');
  return execute(sub, changesPath, files, load, { json: values.json === true, cycle: values.cycle as string | undefined, out: values.out as string | undefined, by: (values.by as string | undefined) ?? null, policy: policy as ReasonPolicy }, io);
}

async function execute(
  sub: string,
  changesPath: string | undefined,
  files: string[],
  load: CliLoadOptions,
  options: { json: boolean; cycle: string | undefined; out: string | undefined; by: string | null; policy: ReasonPolicy },
  io: CliIO,
): Promise<number> {
  let loadErrors = 0;
  let connector: Connector;
  try {
    const opened = await openForCommand(files, load, io);
    connector = opened.connector;
    for (const d of opened.report.diagnostics) {
      if (d.severity === 'error') loadErrors++;
      io.stderr(`${d.file ?? ''}:${d.row ?? ''}:${d.column ?? ''} ${d.severity} ${d.code} ${d.message}`);
    }
  } catch (error) {
    io.stderr(`plumb session ${sub}: ${(error as Error).message}`);
    return 1;
  }
  try {
    if (sub === 'summary') return (await summarise(connector, options.json, io)) || (loadErrors ? 1 : 0);
    const { rows, problems: readProblems } = await readChanges(connector, changesPath!);
    let cycle: string | null;
    try {
      cycle = await changeCycle(connector, options.cycle, rows);
    } catch (error) {
      io.stderr(`plumb session ${sub}: ${(error as Error).message}`);
      return 2;
    }
    const sessionId = `applied:${basename(changesPath!)}`;
    const { events, problems } = await checkChanges(connector, rows, cycle, sessionId, options.by, options.policy);
    const all = [...readProblems, ...problems].sort((a, b) => a.row - b.row);
    for (const p of all) io.stderr(`${changesPath}:${p.row}:${p.column} error ${p.message}`);
    const moves = events.filter((e) => reasonRequired('two-levels', e.from_rating, e.to_rating)).length;
    if (all.length) {
      io.stderr(`${all.length} of ${rows.length} changes refused${sub === 'apply' ? '; nothing written' : ''}.`);
      return 1;
    }
    if (sub === 'validate') {
      io.stdout(`${rows.length} changes for cycle ${cycle ?? '(none)'} check out against the data (${moves} of two levels or more, each with a reason).`);
      return loadErrors ? 1 : 0;
    }
    await appendSessionEvents(connector, events);
    await mkdir(options.out!, { recursive: true });
    const path = join(options.out!, 'ratings.csv');
    await writeFile(path, await calibratedRatingsCSV(connector));
    io.stdout(`${events.length} changes applied to cycle ${cycle ?? '(none)'}; ratings with the calibrated stage written to ${path}.`);
    return loadErrors ? 1 : 0;
  } finally {
    await connector.close();
  }
}

/** `plumb session close SESSION_ID --server URL`: close a session kept by `plumb serve --sessions`. */
async function closeOnServer(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { server: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    io.stderr(`plumb session close: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(HELP);
    return 0;
  }
  const [sessionId, ...extra] = parsed.positionals;
  const server = parsed.values.server;
  if (!sessionId || extra.length || !server) {
    io.stderr(`plumb session close: give one SESSION_ID and --server URL\n\n${HELP}`);
    return 2;
  }
  const token = process.env.PLUMB_TOKEN;
  try {
    const answer = await new HttpConnector({ url: server, ...(token ? { token } : {}) }).session({ op: 'close', session_id: sessionId });
    io.stdout(`Session ${answer.session.session_id} (cycle ${answer.session.cycle_id ?? '(none)'}) closed at ${answer.session.closed_at}; ${answer.last_seq} events.`);
    return 0;
  } catch (error) {
    io.stderr(`plumb session close: ${server}: ${(error as Error).message}`);
    return 1;
  }
}
