import type { CliIO } from '../main.js';
import type { Connector } from '../../connector.js';
import { calibrationReport, type CalibrationReport } from '../../calibration/report.js';
import { RATING_STAGES, type RatingStage } from '../../calibration/filters.js';

export const summary = 'rating statistics per rater and for the organisation (--json)';

const HELP = `Usage: plumb stats FILE... --json [--cycle C] [--stage manager|calibrated|final] [--dimension D] [--min-group K]

Loads the files, then prints per-rater and organisation rating statistics:
mean, SD, rater effect shrunk toward zero for small teams with a 95 % interval,
flags (lenient, severe, central, halo, too_few, pooled), Kruskal–Wallis across
raters, chi-square against the guideline distribution, and calibration moves.
Raters with fewer than K ratings (default 5) are pooled, never shown alone.`;

export interface StatsArgs {
  files: string[];
  json: boolean;
  cycle?: string;
  stage?: RatingStage;
  dimension?: string;
  minGroup?: number;
}

/** Parse argv; a string is a usage error. */
export function parseStatsArgs(argv: readonly string[]): StatsArgs | string {
  const args: StatsArgs = { files: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--json') args.json = true;
      else if (a === '--cycle') args.cycle = value();
      else if (a === '--dimension') args.dimension = value();
      else if (a === '--stage') {
        const s = value();
        if (!(RATING_STAGES as readonly string[]).includes(s)) return `--stage must be one of ${RATING_STAGES.join(', ')}, got "${s}"`;
        args.stage = s as RatingStage;
      } else if (a === '--min-group') {
        const s = value();
        const k = Number(s);
        if (!Number.isInteger(k) || k < 1) return `--min-group must be a whole number ≥ 1, got "${s}"`;
        args.minGroup = k;
      } else if (a.startsWith('--')) return `unknown option ${a}`;
      else args.files.push(a);
    } catch (e) {
      return (e as Error).message;
    }
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
export type OpenFiles = (files: string[]) => Promise<Connector>;

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
    connector = await open(args.files);
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

async function openWithLoader(_files: string[]): Promise<Connector> {
  // The file loader (node/open-files.ts) lands on main separately; wired here when merged.
  throw new Error('file loading is not available in this build yet');
}

export function run(argv: string[], io: CliIO): Promise<number> {
  return runStats(argv, io, openWithLoader);
}
