import type { Connector } from '@plumb/core/queries';
import { burndown, type BurndownOptions } from '@plumb/core/queries';
import { BURNDOWN_GROUP_BYS, type BurndownGroupBy, type BurndownResult } from '@plumb/core/queries';
import { openForCommand } from '../load-files.js';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';
import type { CliIO } from '../io.js';
import { formatDiagnostic } from './validate.js';

export const summary = 'Weekly confidence and progress per cycle, with at-risk alerts';

const HELP = `Usage: plumb burndown FILE... [--json] [--cycle C] [--by key_result|objective|team|department|cycle] [--id ID]
                      [--as-of YYYY-MM-DD] [--threshold 0.5] [--rule-week 4] [load options]

Prints the weeks of the cycle, the series (median and inter-quartile band of
confidence and progress per group, share of key results below the threshold)
and the at-risk alerts. --id keeps only that key result / objective / team /
department (the kind given by --by). Week 1 is the first 7 days of the cycle;
--rule-week 4 means days 22–28. --as-of defaults to today (UTC).

Files without a cycles table: the cycle comes from the objectives' cycle labels
("2026 Q3", "FY27 Q1") or the check-in dates, with a warning; --cycle-start and
--cycle-end declare it.

${LOAD_OPTIONS_HELP}

Exit status: 0 fine, 1 errors in the data (reported on stderr) or no cycle, 2 usage error.`;

export interface BurndownReportOptions {
  cycle?: string;
  by?: BurndownGroupBy;
  id?: string;
  asOf?: string;
  threshold?: number;
  ruleWeek?: number;
}

/** The burn-down the command prints, from an already loaded database. */
export async function burndownReport(connector: Connector, options: BurndownReportOptions = {}): Promise<BurndownResult> {
  const by = options.by ?? 'cycle';
  const query: BurndownOptions = { by };
  if (options.cycle !== undefined) query.cycle = options.cycle;
  if (options.asOf !== undefined) query.asOf = options.asOf;
  if (options.threshold !== undefined) query.threshold = options.threshold;
  if (options.ruleWeek !== undefined) query.ruleWeek = options.ruleWeek;
  if (options.id !== undefined) {
    if (by === 'key_result') query.key_result_ids = [options.id];
    else if (by === 'objective') query.objective_id = options.id;
    else if (by === 'team') query.team_id = options.id;
    else if (by === 'department') query.department = options.id;
    else throw new UsageError('--id needs --by key_result, objective, team or department');
  }
  return burndown(connector, query);
}

export interface ParsedArgs {
  files: string[];
  json: boolean;
  options: BurndownReportOptions;
  /** How the files are read (the load options every command shares). */
  load: CliLoadOptions;
}

export function parseBurndownArgs(argv: readonly string[]): ParsedArgs {
  const { values, positionals, load } = parseCommandLine(argv, {
    json: { type: 'boolean' },
    cycle: { type: 'string' },
    id: { type: 'string' },
    'as-of': { type: 'string' },
    threshold: { type: 'string' },
    'rule-week': { type: 'string' },
    by: { type: 'string' },
  });
  const options: BurndownReportOptions = {};
  const text = (key: string) => values[key] as string | undefined;
  const number = (key: string): number | undefined => {
    const v = text(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${key} needs a number, got "${v}"`);
    return n;
  };
  const by = text('by');
  if (by !== undefined) {
    if (!(BURNDOWN_GROUP_BYS as readonly string[]).includes(by)) throw new UsageError(`--by must be one of ${BURNDOWN_GROUP_BYS.join(', ')}; got "${by}"`);
    options.by = by as BurndownGroupBy;
  }
  if (text('id') !== undefined) options.id = text('id')!;
  if (text('cycle') !== undefined) options.cycle = text('cycle')!;
  const asOf = text('as-of');
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of needs a date YYYY-MM-DD, got "${asOf}"`);
    options.asOf = asOf;
  }
  const threshold = number('threshold');
  if (threshold !== undefined) options.threshold = threshold;
  const ruleWeek = number('rule-week');
  if (ruleWeek !== undefined) options.ruleWeek = ruleWeek;
  return { files: positionals, json: values.json === true, options, load };
}

const pct = (v: number | null): string => (v == null ? '   —' : `${Math.round(v * 100)}%`.padStart(4));

/** The report as text: one block per group, one line per week, then the alerts. */
export function formatBurndown(r: BurndownResult): string {
  const lines = [
    `Cycle ${r.cycle.cycle_id}${r.cycle.name ? ` (${r.cycle.name})` : ''}: ${r.cycle.start_date} – ${r.cycle.end_date}, ${r.cycle.weeks.length} weeks; as of ${r.cycle.as_of} (week ${r.cycle.current_week}).`,
    `${r.key_results} key results; below means confidence < ${pct(r.threshold).trim()}; rule week ${r.rule_week}.`,
  ];
  for (const g of r.groups) {
    lines.push('', `${g.group_name} (${g.key_results} key results)`, 'week  conf q1  median  q3   below  progress  expected');
    for (const w of g.weeks) {
      lines.push(
        `${String(w.week).padStart(4)}  ${pct(w.confidence_q1)}  ${pct(w.confidence_median)}  ${pct(w.confidence_q3)}  ${`${w.below}/${w.with_confidence}`.padStart(6)}  ${pct(w.progress_median).padStart(8)}  ${pct(w.expected_median).padStart(8)}`,
      );
    }
  }
  const total = Object.values(r.alert_counts).reduce((a, b) => a + b, 0);
  lines.push('', `${total} alerts${total > r.alerts.length ? ` (first ${r.alerts.length} shown)` : ''}:`);
  for (const a of r.alerts) {
    lines.push(`  week ${a.week}  ${a.rule.padEnd(16)} ${a.key_result_title ?? a.key_result_id} (${a.owner_name ?? a.owner_id ?? 'no owner'}): ${a.message}`);
  }
  if (r.check_ins_after_cycle > 0) lines.push('', `${r.check_ins_after_cycle} check-ins dated after the cycle end are not shown.`);
  return lines.join('\n');
}

/**
 * Load FILE... (`path` or `path:table`) into a fresh database; print every
 * load diagnostic to stderr. Errors in the data do not stop the report (the
 * loaded rows are still worth a burn-down) but make the exit status 1.
 */
async function openDatabase(files: string[], load: CliLoadOptions, io: CliIO): Promise<{ connector: Connector; dataErrors: boolean }> {
  const { connector, report } = await openForCommand(files, load, io);
  for (const d of report.diagnostics) io.stderr(formatDiagnostic(d));
  return { connector, dataErrors: !report.ok };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseBurndownArgs(argv);
    if (parsed.files.length === 0) throw new UsageError('give at least one FILE');
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`plumb burndown: ${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
  const { connector, dataErrors } = await openDatabase(parsed.files, parsed.load, io);
  try {
    const report = await burndownReport(connector, parsed.options);
    io.stdout(parsed.json ? JSON.stringify(report, null, 2) : formatBurndown(report));
    return dataErrors ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`plumb burndown: ${error.message}`);
      return 2;
    }
    io.stderr(`plumb burndown: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await connector.close();
  }
}
