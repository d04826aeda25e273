import { describe, expect, it } from 'vitest';
import { parseSrc, fileName } from '../src/plumb-data/parse-src.js';

describe('parseSrc (the <plumb-data src> attribute)', () => {
  it('splits on any whitespace and reads a :table suffix only when it names a canonical table', () => {
    const { entries, diagnostics } = parseSrc('  okrs.csv\n data/ratings.parquet:ratings  https://intranet.example:8443/x/people.csv ');
    expect(diagnostics).toEqual([]);
    expect(entries).toEqual([
      { url: 'okrs.csv', name: 'okrs.csv' },
      { url: 'data/ratings.parquet', name: 'ratings.parquet', table: 'ratings' },
      { url: 'https://intranet.example:8443/x/people.csv', name: 'people.csv' },
    ]);
  });

  it('reports an unknown table suffix as an error naming the file, instead of guessing', () => {
    const { entries, diagnostics } = parseSrc('okrs.csv:not_a_table people.csv');
    expect(entries.map((e) => e.name)).toEqual(['people.csv']);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'unknown-table', file: 'okrs.csv' }),
    ]);
  });

  it('names files by their last path segment, without query, decoded', () => {
    expect(fileName('/exports/Q3%20ratings.csv?v=2#top')).toBe('Q3 ratings.csv');
    expect(parseSrc('').entries).toEqual([]);
  });
});
