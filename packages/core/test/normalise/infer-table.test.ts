import { describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/normalise/aliases.js';
import { fileNameHints, inferTable, parseSourceSpec } from '../../src/normalise/infer-table.js';

describe('inferTable', () => {
  it.each([
    [['KR ID', 'Date', 'Value', 'Confidence', 'Comment'], undefined, 'check_ins'],
    [['key_result_id', 'checked_at', 'value', 'confidence'], undefined, 'check_ins'],
    [['Objective', 'Key Result', 'Owner', 'Start', 'Target', 'Current', 'Confidence', 'Team', 'Quarter'], undefined, 'flat-okr'],
    [['Objective', 'Key Result', 'Owner', 'Start', 'Target', 'Current'], undefined, 'flat-okr'],
    [['KR ID', 'Objective ID', 'Title', 'Owner', 'Start', 'Target', 'Current', 'Confidence'], undefined, 'key_results'],
    [['Objective ID', 'Title', 'Owner', 'Parent Objective', 'Level', 'Cycle'], undefined, 'objectives'],
    [['Employee ID', 'Name', 'Email', 'Manager', 'Department', 'Hire Date'], undefined, 'people'],
    [['Employee ID', 'Reviewer', 'Review Stage', 'Performance Rating'], undefined, 'ratings'],
    [['Reviewee', 'Rater', 'Stage', 'Rating', 'Potential'], undefined, 'ratings'],
    [['Value', 'Label', 'Guideline Share'], undefined, 'rating_scale'],
    [['Subject', 'Giver', 'Relationship', 'Score', 'Feedback'], undefined, 'feedback'],
    [['Team ID', 'Team Name', 'Parent Team', 'Team Lead'], undefined, 'teams'],
    [['Cycle ID', 'Name', 'Kind', 'Start Date', 'End Date'], undefined, 'cycles'],
    [['Key Result ID', 'Kind', 'External ID', 'Title', 'Due Date'], undefined, 'links'],
    [['Recipient', 'Given By', 'Message', 'KR ID'], undefined, 'recognitions'],
    [['Recipient', 'Given By', 'Message'], 'kudos.csv', 'recognitions'],
    [['Person ID', 'Attribute', 'Value'], undefined, 'person_attributes'],
    [['ID', 'Name'], 'teams.csv', 'teams'],
    [['ID', 'Name'], 'exports/people_2026.csv', 'people'],
    [['Objective', 'Key Result'], 'okrs.xlsx-export.csv', 'flat-okr'],
    [['KR', 'Date', 'Value'], 'checkins.csv', 'check_ins'],
    [['Employee', 'Manager', 'Rating'], 'ratings_2026.csv', 'ratings'],
    [['\ufeffKR ID', 'Week Of', 'Actual', 'RAG'], 'C:\\Users\\x\\Downloads\\KR updates.csv', 'check_ins'],
  ] as const)('%j (%s) → %s', (headers, fileName, table) => {
    const r = inferTable([...headers], fileName);
    expect(r.table, r.reason).toBe(table);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.alternatives.every((a) => a.table !== table && a.score <= r.score)).toBe(true);
  });

  it('reads the layouts of real exports: camelCase JSON, flat sheets, snake_case CSV', () => {
    const cases: [string, string[], string, string[]][] = [
      ['okr-export-q1.csv', ['Objective', 'Objective Owner', 'Quarter', 'Aligned To', 'Key Result', 'KR Owner', 'Start', 'Target',
        'Current', 'Progress', 'Confidence', 'Last Updated', 'Notes'], 'flat-okr', ['Last Updated', 'Notes']],
      ['keyResults.json', ['keyResultId', 'objectiveId', 'keyResultTitle', 'startValue', 'targetValue', 'currentValue', 'unit',
        'confidence'], 'key_results', []],
      ['checkIns.ndjson', ['keyResultId', 'checkInDate', 'currentValue', 'confidence', 'comment'], 'check_ins', []],
      ['objectives.json', ['objectiveId', 'objectiveTitle', 'ownerEmail', 'teamName', 'cycle', 'parentObjectiveId', 'level'],
        'objectives', []],
      ['export.csv', ['person_id', 'name', 'manager_id'], 'people', []],
    ];
    for (const [name, headers, table, unmapped] of cases) {
      const r = inferTable(headers, name);
      expect(r.table, `${name}: ${r.reason}`).toBe(table);
      const m = mapColumns(headers, table as never);
      expect(m.unmapped, name).toEqual(unmapped);
      expect(m.missingRequired, name).toEqual([]);
    }
  });

  it('prefers the table whose own column names appear over one where they are only aliases', () => {
    // "value" is check_ins.value itself but only an alias of key_results.current_value.
    const r = inferTable(['key_result_id', 'value', 'confidence']);
    expect(r.table).toBe('check_ins');
    expect(r.reason).toContain('missing required checked_at');
  });

  it('gives null when nothing fits, and says so', () => {
    const r = inferTable(['foo', 'bar', 'baz']);
    expect(r.table).toBeNull();
    expect(r.reason).toContain('"foo"');
    expect(inferTable([]).table).toBeNull();
    expect(inferTable(['foo', 'bar'], 'checkins.csv').table).toBeNull();
  });

  it('keeps its reason short for a wide file that fits nothing', () => {
    const headers = Array.from({ length: 200 }, (_, i) => `Q${i + 1} answer`);
    const r = inferTable(headers);
    expect(r.table).toBeNull();
    expect(r.reason).toContain('and 192 more');
    expect(r.reason.length).toBeLessThan(300);
  });

  it('lets a file name pick only among layouts whose columns fit', () => {
    // Columns fit check_ins; the people hint outscores them but people's 1-of-5 match is under the bar.
    const r = inferTable(['KR ID', 'Checked At', 'Foo', 'Bar', 'Manager'], 'people.csv');
    expect(r.table).toBe('check_ins');
  });

  it('gives null on a tie instead of guessing, and names the candidates', () => {
    const r = inferTable(['ID', 'Name']);
    expect(r.table).toBeNull();
    expect(r.reason).toMatch(/people and teams/);
    expect(r.alternatives.map((a) => a.table)).toEqual(expect.arrayContaining(['people', 'teams']));
  });

  it('prefers the canonical table when the flat layout fits only as well', () => {
    expect(inferTable(['KR ID', 'Objective ID', 'Key Result', 'Owner', 'Target']).table).toBe('key_results');
  });

  it('lets the file name outweigh a near tie but not the columns', () => {
    // A check-in file named like ratings still reads as check-ins.
    expect(inferTable(['KR ID', 'Check-in Date', 'Value', 'Confidence'], 'ratings.csv').table).toBe('check_ins');
  });

  it('mentions missing required columns in its reason', () => {
    const r = inferTable(['Date', 'Value', 'Confidence', 'Comment']);
    expect(r.table).toBe('check_ins');
    expect(r.reason).toContain('missing required key_result_id');
  });
});

describe('fileNameHints', () => {
  it.each([
    ['checkins.csv', 'check_ins'],
    ['check_ins.csv', 'check_ins'],
    ['CheckIns2026.csv', 'check_ins'],
    ['key_results.parquet', 'key_results'],
    ['okrs.xlsx-export.csv', 'flat-okr'],
    ['ratings_2026.csv', 'ratings'],
    ['https://intranet/data/people.csv?v=2', 'people'],
  ])('%s hints at %s', (name, table) => {
    expect([...fileNameHints(name).keys()]).toContain(table);
  });
  it('ignores names that say nothing', () => {
    expect(fileNameHints('export (3).csv').size).toBe(0);
    expect(fileNameHints('progress.csv').size).toBe(0);
  });
});

describe('parseSourceSpec', () => {
  it.each([
    ['file.csv', { path: 'file.csv' }],
    ['file.csv:key_results', { path: 'file.csv', table: 'key_results', layout: 'key_results' }],
    ['file.csv:check-ins', { path: 'file.csv', table: 'check_ins', layout: 'check_ins' }],
    ['file.csv:CheckIns', { path: 'file.csv', table: 'check_ins', layout: 'check_ins' }],
    ['file.csv:flat-okr', { path: 'file.csv', table: 'flat-okr', layout: 'flat-okr' }],
    ['data/okrs:flat', { path: 'data/okrs', table: 'flat-okr', layout: 'flat-okr' }],
    ['C:\\data\\x.csv', { path: 'C:\\data\\x.csv' }],
    ['C:\\data\\x.csv:ratings', { path: 'C:\\data\\x.csv', table: 'ratings', layout: 'ratings' }],
    ['C:/data/x.csv', { path: 'C:/data/x.csv' }],
    ['C:x.csv', { path: 'C:x.csv' }],
    ['https://example.com/x.csv', { path: 'https://example.com/x.csv' }],
    ['http://localhost:8080/x.csv', { path: 'http://localhost:8080/x.csv' }],
    ['http://localhost:8080', { path: 'http://localhost:8080' }],
    ['https://example.com:443/x.csv:people', { path: 'https://example.com:443/x.csv', table: 'people', layout: 'people' }],
    ['/tmp/a b/ratings 2026.csv:ratings', { path: '/tmp/a b/ratings 2026.csv', table: 'ratings', layout: 'ratings' }],
  ])('%s', (spec, expected) => {
    expect(parseSourceSpec(spec)).toEqual(expected);
  });

  it('throws on an unknown table, naming the valid ones', () => {
    expect(() => parseSourceSpec('file.csv:keyresult')).toThrow(/Unknown table "keyresult".*Valid tables: people, teams/);
    expect(() => parseSourceSpec('https://x/y.csv:nope')).toThrow(/Unknown table "nope"/);
  });
  it('throws on an empty table or path', () => {
    expect(() => parseSourceSpec('file.csv:')).toThrow(/names no table/);
    expect(() => parseSourceSpec(':ratings')).toThrow(/no file/);
  });
});
