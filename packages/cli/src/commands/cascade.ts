import type { Connector } from '@plumb/core/queries';
import { cascadeReport, type CascadeReport } from '@plumb/core/queries';
import { isRollupMode } from '@plumb/core/queries';
import { parseAsOf } from '@plumb/core/queries';
import { formatPercent } from '@plumb/core/queries';
import type { RollupMode } from '@plumb/core/queries';
import { openForCommand } from '../load-files.js';
import type { Diagnostic } from '@plumb/core/queries';
import type { CliIO } from '../io.js';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions } from '../options.js';

export const summary = 'print the OKR cascade (progress, status, confidence) and the unaligned objectives';

const HELP = `Usage: plumb cascade FILE... [--json] [--cycle C] [--rollup krs|children|both] [--as-of YYYY-MM-DD] [load options]

Loads the files, builds the objective cascade of one cycle and rolls progress up.
  --json        one JSON object: {cycle, as_of, nodes: [{id, kind, title, parent_id, progress, status, confidence, …}], unaligned, diagnostics}
  --cycle C     the cycle to show (default: the latest-starting cycle that has objectives)
  --rollup M    krs (from key results), children (from child objectives) or both (default: each objective's own, else both)
  --as-of D     replay the tree as of date D: later check-ins are ignored

${LOAD_OPTIONS_HELP}

Exit 0 fine, 1 the data has errors (e.g. an alignment cycle), 2 usage error.`;

export interface CascadeArgs {
  files: string[];
  json: boolean;
  cycle: string | null;
  rollup: RollupMode | null;
  asOf: string | null;
  /** How the files are read (the load options every command shares). */
  load: CliLoadOptions;
}

/** Parse the command line; a usage error comes back as a message. */
export function parseCascadeArgs(argv: readonly string[]): CascadeArgs | { error: string } | { help: true } {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv, { json: { type: 'boolean' }, cycle: { type: 'string' }, rollup: { type: 'string' }, 'as-of': { type: 'string' } });
  } catch (error) {
    if (error instanceof UsageError) return { error: error.message };
    throw error;
  }
  if (parsed.help) return { help: true };
  const { values, positionals, load } = parsed;
  const args: CascadeArgs = { files: positionals, json: values.json === true, cycle: null, rollup: null, asOf: null, load };
  if (values.cycle !== undefined) args.cycle = values.cycle as string;
  if (values.rollup !== undefined) {
    const v = values.rollup as string;
    if (!isRollupMode(v)) return { error: `--rollup must be krs, children or both (got "${v}")` };
    args.rollup = v;
  }
  if (values['as-of'] !== undefined) {
    try {
      args.asOf = parseAsOf(values['as-of'] as string);
    } catch (e) {
      return { error: `--as-of: ${(e as Error).message}` };
    }
    if (!args.asOf) return { error: '--as-of needs a date (YYYY-MM-DD)' };
  }
  if (args.files.length === 0) return { error: 'no files given' };
  return args;
}

function outline(report: CascadeReport): string {
  const lines = [
    `Cycle ${report.cycle ?? '(none)'}${report.as_of ? ` as of ${report.as_of}` : ''}: ${report.objectives} objectives, ${report.key_results} key results, ${report.unaligned.length} not aligned to a company objective.`,
  ];
  let groupShown = false;
  for (const n of report.nodes) {
    // Unaligned objectives sit one level down, under a group that is not a node of the report.
    if (n.depth === 1 && n.parent_id === null && !groupShown) {
      lines.push(`Not aligned to a company objective (${report.unaligned.length}):`);
      groupShown = true;
    }
    const mark = n.kind === 'key_result' ? '•' : '◆';
    const conf = n.confidence == null ? '' : `, confidence ${formatPercent(n.confidence)}`;
    lines.push(`${'  '.repeat(n.depth)}${mark} ${n.title} — ${formatPercent(n.progress)}, ${n.status}${conf}`);
  }
  for (const d of report.diagnostics) lines.push(`${d.severity}: ${d.message}`);
  return lines.join('\n');
}

/** Build and print the report from a loaded connector; the exit code says whether the data had errors. */
export async function printCascade(
  connector: Connector,
  args: CascadeArgs,
  io: CliIO,
  loadDiagnostics: readonly Diagnostic[] = [],
): Promise<number> {
  let report: CascadeReport;
  try {
    report = await cascadeReport(connector, { cycle: args.cycle, rollup: args.rollup, asOf: args.asOf });
  } catch (e) {
    io.stderr(`plumb cascade: ${(e as Error).message}`);
    return 1;
  }
  // What the loader found comes first: a rejected row may be why a node is missing.
  report.diagnostics = [...loadDiagnostics, ...report.diagnostics];
  io.stdout(args.json ? JSON.stringify(report, null, 2) : outline(report));
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCascadeArgs(argv);
  if ('help' in parsed) {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`plumb cascade: ${parsed.error}\n\n${HELP}`);
    return 2;
  }
  const { connector, report } = await openForCommand(parsed.files, parsed.load, io);
  try {
    const loadErrors = report.diagnostics.filter((d) => d.severity === 'error');
    if (report.loaded_rows === 0) {
      for (const d of loadErrors) io.stderr(`${d.file ?? ''}:${d.row ?? ''}:${d.column ?? ''} error ${d.code} ${d.message}`);
      io.stderr('plumb cascade: nothing could be loaded');
      return 1;
    }
    return await printCascade(connector, parsed, io, report.diagnostics);
  } finally {
    await connector.close();
  }
}
