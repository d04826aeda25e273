import type { Diagnostic } from '../../diagnostics.js';
import type { ConfidenceScale, LoadOptions, LoadReport } from '../../load/types.js';
import { CONFIDENCE_SCALES, parseSourceSpec } from '../../normalise/index.js';
import { openFiles } from '../../node/open-files.js';
import type { CliIO } from '../main.js';

export const summary = 'Load export files into an in-memory DuckDB and report what loaded and what did not';

const SCALES = CONFIDENCE_SCALES;

const HELP = `Usage: plumb validate FILE[:table]... [--json] [--confidence-scale SCALE] [--date-order dmy|mdy]

Loads every file (CSV, TSV, JSON, NDJSON, Parquet, Arrow IPC) into an in-memory
DuckDB, maps its columns onto Plumb's tables and reports every problem as
file:row:column severity code message.

  FILE:table              force the table a file feeds (e.g. export.csv:key_results, sheet.csv:flat-okr)
  --json                  print one JSON object {ok, input_rows, loaded_rows, rejected_rows, tables, diagnostics}
  --confidence-scale S    declare the confidence scale: ${SCALES.join(', ')}
  --date-order dmy|mdy    declare how dates like 03/04/2026 read

Exit status: 0 no errors, 1 errors in the data, 2 usage error.`;

/** `file:row:column severity code message` — empty row/column when the finding is about the file or a column. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file ?? ''}:${d.row ?? ''}:${d.column ?? ''} ${d.severity} ${d.code} ${d.message}`;
}

function jsonReport(report: LoadReport): string {
  const tables = Object.fromEntries(Object.entries(report.tables).filter(([, n]) => n > 0));
  return JSON.stringify({
    ok: report.ok,
    input_rows: report.input_rows,
    loaded_rows: report.loaded_rows,
    rejected_rows: report.rejected_rows,
    tables,
    diagnostics: report.diagnostics,
  });
}

function humanReport(report: LoadReport): string {
  const lines = report.diagnostics.map(formatDiagnostic);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.length - errors;
  const tables = Object.entries(report.tables)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  lines.push(
    `${report.input_rows} input rows: ${report.loaded_rows} loaded, ${report.rejected_rows} rejected` +
      (tables ? ` (${tables})` : '') +
      `; ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`,
  );
  return lines.join('\n');
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const files: string[] = [];
  const options: LoadOptions = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--help' || arg === '-h') {
        io.stdout(HELP);
        return 0;
      } else if (arg === '--json') json = true;
      else if (arg === '--confidence-scale') {
        const scale = value();
        if (!SCALES.includes(scale as ConfidenceScale)) throw new UsageError(`--confidence-scale must be one of ${SCALES.join(', ')}`);
        options.confidenceScale = scale as ConfidenceScale;
      } else if (arg === '--date-order') {
        const order = value();
        if (order !== 'dmy' && order !== 'mdy') throw new UsageError('--date-order must be dmy or mdy');
        options.dateOrder = order;
      } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      else files.push(arg);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`plumb validate: ${error.message}\n\n${HELP}`);
      return 2;
    }
  }
  if (files.length === 0) {
    io.stderr(`plumb validate: no files given\n\n${HELP}`);
    return 2;
  }
  for (const spec of files) {
    try {
      parseSourceSpec(spec);
    } catch (error) {
      io.stderr(`plumb validate: ${(error as Error).message}`);
      return 2;
    }
  }
  let connector: Awaited<ReturnType<typeof openFiles>>['connector'] | undefined;
  try {
    const opened = await openFiles(files, options);
    connector = opened.connector;
    io.stdout(json ? jsonReport(opened.report) : humanReport(opened.report));
    return opened.report.ok ? 0 : 1;
  } catch (error) {
    // A failure of Plumb itself (not of the data): one line, no stack trace.
    io.stderr(`plumb validate: could not finish: ${(error as Error).message ?? String(error)}`);
    return 1;
  } finally {
    await connector?.close();
  }
}

class UsageError extends Error {}
