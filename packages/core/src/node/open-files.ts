import { readFile } from 'node:fs/promises';
import { loadSources } from '../load/index.js';
import { parseSourceSpec } from '../normalise/index.js';
import type { LoadOptions, LoadReport, SourceInput } from '../load/types.js';
import { NodeConnector } from './node-connector.js';
import { terminalProgress } from './terminal-progress.js';
import type { Connector } from '../connector.js';

export interface OpenFilesOptions extends LoadOptions {
  /** Load into this connector instead of a new NodeConnector (e.g. a NativeConnector for `plumb serve --engine native`). */
  connector?: Connector;
  /** What the path `-` reads (default: the process's standard input). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** All of a stream's bytes (standard input for `plumb validate -`). */
async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Read files from disk (`path` or `path:table`) into a NodeConnector's
 * canonical tables: what every `plumb` command starts with. Never throws for
 * bad data: a missing, empty or unreadable file is an error diagnostic in
 * the report, naming the file.
 */
export async function openFiles(
  specs: string[],
  options: OpenFilesOptions & { connector: Connector },
): Promise<{ connector: Connector; report: LoadReport }>;
export async function openFiles(specs: string[], options?: OpenFilesOptions): Promise<{ connector: NodeConnector; report: LoadReport }>;
export async function openFiles(
  specs: string[],
  options: OpenFilesOptions = {},
): Promise<{ connector: Connector; report: LoadReport }> {
  const { connector = new NodeConnector(), stdin, ...loadOptions } = options;
  const sources: SourceInput[] = [];
  const unreadable: { name: string; message: string }[] = [];
  for (const spec of specs) {
    const { path, table } = parseSourceSpec(spec);
    try {
      // `-` is standard input (`… | plumb validate -:check_ins`), read once.
      const data = path === '-' ? await readAll(stdin ?? process.stdin) : new Uint8Array(await readFile(path));
      sources.push({ name: path === '-' ? 'stdin' : path, data, ...(table ? { table } : {}) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      unreadable.push({
        name: path,
        message:
          code === 'ENOENT' ? `${path} does not exist` : code === 'EISDIR' ? `${path} is a directory, not a file` : `${path} could not be read (${code ?? (error as Error).message})`,
      });
    }
  }
  // A terminal sees where a long load is; a pipe gets only the result.
  const onProgress = loadOptions.onProgress ?? terminalProgress();
  const report = await loadSources(connector, sources, onProgress ? { ...loadOptions, onProgress } : loadOptions);
  if (unreadable.length > 0) {
    report.diagnostics.unshift(...unreadable.map((u) => ({ severity: 'error' as const, code: 'unreadable', message: u.message, file: u.name })));
    report.files.unshift(
      ...unreadable.map((u) => ({
        file: u.name,
        table: null,
        format: 'csv' as const,
        input_rows: 0,
        loaded_rows: 0,
        rejected_rows: 0,
        mapped_columns: {},
        unmapped_columns: [],
      })),
    );
    report.ok = false;
  }
  return { connector, report };
}
