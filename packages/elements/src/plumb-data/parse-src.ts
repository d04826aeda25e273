import { CANONICAL_TABLES, type CanonicalTable, type Diagnostic } from '@plumb/core';

export interface SrcEntry {
  /** The URL as written (relative URLs resolve against the page). */
  url: string;
  /** The file name diagnostics use: the last path segment, without query. */
  name: string;
  /** Forced canonical table from a `file.csv:table` suffix. */
  table?: CanonicalTable;
}

const TABLE_SUFFIX = /^(.+):([A-Za-z_]+)$/;

/**
 * Parse a `src` attribute: space-separated URLs, each optionally ending in
 * `:table` to force the canonical table (`okrs.csv:key_results`). A suffix
 * that names no canonical table is an error diagnostic, not a silent guess.
 */
export function parseSrc(src: string | null | undefined): { entries: SrcEntry[]; diagnostics: Diagnostic[] } {
  const entries: SrcEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const token of (src ?? '').split(/\s+/).filter(Boolean)) {
    const match = TABLE_SUFFIX.exec(token);
    let url = token;
    let table: CanonicalTable | undefined;
    if (match) {
      const name = match[2]!.toLowerCase();
      if ((CANONICAL_TABLES as readonly string[]).includes(name)) {
        url = match[1]!;
        table = name as CanonicalTable;
      } else {
        diagnostics.push({
          severity: 'error',
          code: 'unknown-table',
          message: `"${match[2]}" is not a Plumb table (one of ${CANONICAL_TABLES.join(', ')}).`,
          file: fileName(match[1]!),
        });
        continue;
      }
    }
    entries.push(table ? { url, name: fileName(url), table } : { url, name: fileName(url) });
  }
  return { entries, diagnostics };
}

/** The last path segment of a URL, without query or fragment. */
export function fileName(url: string): string {
  const path = url.split(/[?#]/)[0] ?? url;
  const last = path.split('/').filter(Boolean).pop();
  return last ? decodeURIComponent(last) : url;
}
