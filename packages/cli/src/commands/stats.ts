import type { CliIO } from '../io.js';
import type { Connector } from '@plumb/core/queries';
import { calibrationReport, type CalibrationReport } from '@plumb/core/queries';
import { RATING_STAGES, type RatingStage } from '@plumb/core/queries';
import { openForCommand } from '../load-files.js';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';

export const summary = 'rating statistics per rater and for the organisation (--json)';

const HELP = `Usage: plumb stats FILE... --json [--cycle C] [--stage manager|calibrated|final] [--dimension D] [--min-group K] [load options]

Loads the files, then prints per-rater and organisation rating statistics:
mean, SD, rater effect shrunk toward zero for small teams with a 95 % interval,
flags (lenient, severe, central, halo, too_few, pooled), Kruskal–Wallis across
raters, chi-square against the guideline distribution, and calibration moves.
Raters with fewer than K ratings (default 5) are pooled, never shown alone.

${LOAD_OPTIONS_HELP}`;

export interface StatsArgs {
  files: string[];
  json: boolean;
  cycle?: string;
  stage?: RatingStage;
  dimension?: string;
  minGroup?: number;
  /** How the files are read (the load options every command shares). */
  load: CliLoadOptions;
}

/** Parse argv; a string is a usage error. */
export function parseStatsArgs(argv: readonly string[]): StatsArgs | string {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, {
      json: { type: 'boolean' },
      cycle: { type: 'string' },
      dimension: { type: 'string' },
      stage: { type: 'string' },
      'min-group': { type: 'string' },
    });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  const { values, positionals, load } = parsed;
  const args: StatsArgs = { files: positionals, json: values.json === true, load };
  if (values.cycle !== undefined) args.cycle = values.cycle as string;
  if (values.dimension !== undefined) args.dimension = values.dimension as string;
  if (values.stage !== undefined) {
    const s = values.stage as string;
    if (!(RATING_STAGES as readonly string[]).includes(s)) return `--stage must be one of ${RATING_STAGES.join(', ')}, got "${s}"`;
    args.stage = s as RatingStage;
  }
  if (values['min-group'] !== undefined) {
    const s = values['min-group'] as string;
    const k = Number(s);
    if (!/^\d+$/.test(s) || !Number.isInteger(k) || k < 1) return `--min-group must be a whole number ≥ 1, got "${s}"`;
    args.minGroup = k;
  }
  if (args.files.length === 0) return 'give at least one FILE';
  return args;
}

/** The JSON `plumb stats --json` prints (the shape issue 5 specifies). */
export function statsJson(report: CalibrationReport) {
  const fit = report.guideline_chi_square;
  return {
    raters: report.raters.map((r) => ({
      rater_id: r.rater_id,
      n: r.n,
      mean: r.mean,
      sd: r.sd,
      effect: r.effect,
      shrunk_effect: r.shrunk_effect,
      ci_low: r.ci_low,
      ci_high: r.ci_high,
      flags: r.flags,
      counts: r.counts,
    })),
    org: { n: report.org.n, mean: report.org.mean, sd: report.org.sd, counts: report.org.counts },
    kruskal_wallis: report.kruskal_wallis,
    // p is null where expected counts are too small for the chi-square approximation.
    guideline_chi_square: fit ? { statistic: fit.statistic, df: fit.df, p: fit.valid ? fit.p : null } : null,
    changes: report.changes
      ? { ...report.changes, privacy: report.privacy, filter: report.filter }
      : { privacy: report.privacy, filter: report.filter },
  };
}

function formatText(report: CalibrationReport): string {
  const f = (x: number | null, d = 2) => (x === null ? '—' : x.toFixed(d));
  const lines = [
    `Cycle ${report.filter.cycle ?? '(none)'} · stage ${report.filter.stage} · ${report.filter.dimension ?? 'all dimensions'}`,
    `Organisation: n ${report.org.n}, mean ${f(report.org.mean)}, SD ${f(report.org.sd)}`,
  ];
  if (report.privacy.message) lines.push(report.privacy.message);
  if (report.kruskal_wallis) {
    const kw = report.kruskal_wallis;
    lines.push(`Kruskal–Wallis across raters: H ${f(kw.h)}, df ${kw.df}, p ${kw.p.toPrecision(3)}`);
  }
  lines.push('', 'rater                  n   mean    sd  effect  shrunk  95% interval     flags');
  for (const r of report.raters) {
    lines.push(
      `${r.label.slice(0, 20).padEnd(20)} ${String(r.n).padStart(3)} ${f(r.mean).padStart(6)} ${f(r.sd).padStart(5)} ${f(r.effect).padStart(7)} ${f(r.shrunk_effect).padStart(7)}  [${f(r.ci_low)}, ${f(r.ci_high)}]`.padEnd(80) +
        ` ${r.flags.join(', ')}`,
    );
  }
  return lines.join('\n');
}

/** Opens the files into a database; the CLI default uses the loader. */
export type OpenFiles = (files: string[], load: CliLoadOptions) => Promise<Connector>;

export async function runStats(argv: string[], io: CliIO, open: OpenFiles): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const args = parseStatsArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`plumb stats: ${args}\n\n${HELP}`);
    return 2;
  }
  let connector: Connector;
  try {
    connector = await open(args.files, args.load);
  } catch (e) {
    io.stderr(`plumb stats: ${(e as Error).message}`);
    return 1;
  }
  try {
    const report = await calibrationReport(connector, {
      ...(args.cycle !== undefined ? { cycle: args.cycle } : {}),
      ...(args.stage !== undefined ? { stage: args.stage } : {}),
      ...(args.dimension !== undefined ? { dimension: args.dimension } : {}),
      minGroup: args.minGroup ?? 5,
    });
    io.stdout(args.json ? JSON.stringify(statsJson(report), null, 2) : formatText(report));
    return 0;
  } finally {
    await connector.close();
  }
}

/**
 * Load with the shared loader. Rows the loader rejected are reported on
 * stderr (file:row:column) and make the exit code 1; the statistics still
 * describe what loaded, so a single bad row does not hide the room's spread.
 */
export function run(argv: string[], io: CliIO): Promise<number> {
  let loadErrors = 0;
  const open: OpenFiles = async (files, load) => {
    const { connector, report } = await openForCommand(files, load, io);
    for (const d of report.diagnostics) {
      if (d.severity === 'error') loadErrors++;
      io.stderr(`${d.file ?? ''}:${d.row ?? ''}:${d.column ?? ''} ${d.severity} ${d.code} ${d.message}`);
    }
    if (report.loaded_rows === 0) {
      await connector.close();
      throw new Error('no rows could be loaded from the files given');
    }
    return connector;
  };
  return runStats(argv, io, open).then((code) => (code === 0 && loadErrors > 0 ? 1 : code));
}
