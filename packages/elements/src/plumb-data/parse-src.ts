import type { Diagnostic } from '@plumb/core/queries';
import { parseSourceSpec, type TableLayout } from '@plumb/core/load';

export interface SrcEntry {
  /** The URL as written (relative URLs resolve against the page). */
  url: string;
  /** The file name diagnostics use: the last path segment, without query. */
  name: string;
  /** Forced table from a `file.csv:table` suffix. */
  table?: TableLayout;
}

/**
 * Parse a `src` attribute: space-separated URLs, each optionally ending in
 * `:table` to force the table (`okrs.csv:key_results`; core's
 * `parseSourceSpec` reads the suffix). A suffix that names no table is an
 * error diagnostic, not a silent guess.
 */
export function parseSrc(src: string | null | undefined): { entries: SrcEntry[]; diagnostics: Diagnostic[] } {
  const entries: SrcEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const token of (src ?? '').split(/\s+/).filter(Boolean)) {
    try {
      const spec = parseSourceSpec(token);
      const entry: SrcEntry = { url: spec.path, name: fileName(spec.path) };
      if (spec.table) entry.table = spec.table;
      entries.push(entry);
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        code: 'unknown-table',
        message: (error as Error).message,
        file: fileName(token.slice(0, token.lastIndexOf(':')) || token),
      });
    }
  }
  return { entries, diagnostics };
}

/** The last path segment of a URL, without query or fragment. */
export function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url;
  const last = path.split('/').filter(Boolean).pop();
  try {
    return last ? decodeURIComponent(last) : url;
  } catch {
    return last ?? url;
  }
}
