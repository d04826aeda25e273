import { describe, expect, it } from 'vitest';
import {
  COLUMN_ALIASES,
  FLAT_OKR_ALIASES,
  REQUIRED_COLUMNS,
  TABLE_LAYOUTS,
  mapColumns,
  matchHeader,
  matchRatingDimension,
  normaliseHeader,
} from '../../src/normalise/aliases.js';
import { CANONICAL_TABLES, SCHEMA } from '../../src/schema.js';

describe('normaliseHeader', () => {
  it.each([
    ['Key Result', 'keyresult'],
    ['key_result', 'keyresult'],
    ['KEY-RESULT', 'keyresult'],
    ['  Key  Result ', 'keyresult'],
    ['\ufeffObjective', 'objective'],
    ['Key\u200bResult', 'keyresult'],
    ['Key\u00a0Result', 'keyresult'],
    ['% Complete', 'complete'],
    ['Check-in Date', 'checkindate'],
    ['Échéance', 'echeance'],
    ['KR #', 'kr'],
    ['', ''],
  ])('%j → %j', (h, key) => {
    expect(normaliseHeader(h)).toBe(key);
  });
});

describe('COLUMN_ALIASES', () => {
  it('covers every column of every canonical table, and names only real columns', () => {
    for (const t of CANONICAL_TABLES) {
      const columns = SCHEMA[t].columns.map((c) => c.name).sort();
      expect(Object.keys(COLUMN_ALIASES[t]).sort()).toEqual(columns);
    }
  });

  it('never gives one alias to two columns of the same layout', () => {
    const layouts: [string, Record<string, string[]>][] = [
      ...CANONICAL_TABLES.map((t) => [t, COLUMN_ALIASES[t]] as [string, Record<string, string[]>]),
      ['flat-okr', FLAT_OKR_ALIASES],
    ];
    for (const [layout, aliases] of layouts) {
      const owner = new Map<string, string>();
      for (const [column, names] of Object.entries(aliases)) {
        for (const n of names) {
          const key = normaliseHeader(n);
          const prev = owner.get(key);
          expect(prev === undefined || prev === column, `${layout}: "${n}" → ${prev} and ${column}`).toBe(true);
          owner.set(key, column);
        }
      }
    }
  });

  it('has no dead alias: none equals another column\'s own name (the exact name would always win)', () => {
    for (const t of CANONICAL_TABLES) {
      const own = new Map(SCHEMA[t].columns.map((c) => [normaliseHeader(c.name), c.name]));
      for (const [column, names] of Object.entries(COLUMN_ALIASES[t])) {
        for (const n of names) {
          const owner = own.get(normaliseHeader(n));
          expect(owner === undefined || owner === column, `${t}: alias "${n}" of ${column} is ${owner}'s own name`).toBe(true);
        }
      }
    }
  });

  it('targets only schema columns in the flat layout', () => {
    for (const target of Object.keys(FLAT_OKR_ALIASES)) {
      const [prefix, column] = target.split('.') as [string, string];
      const table = prefix === 'objective' ? 'objectives' : 'key_results';
      expect(SCHEMA[table].columns.map((c) => c.name), target).toContain(column);
    }
  });
});

describe('matchHeader', () => {
  it.each([
    ['Objective', 'objectives', 'title'],
    ['Objective Title', 'objectives', 'title'],
    ['Goal', 'objectives', 'title'],
    ['O', 'objectives', 'title'],
    ['Aligned To', 'objectives', 'parent_objective_id'],
    ['Aligns With', 'objectives', 'parent_objective_id'],
    ['Parent Goal', 'objectives', 'parent_objective_id'],
    ['Contributes To', 'objectives', 'parent_objective_id'],
    ['Quarter', 'objectives', 'cycle_id'],
    ['Timeframe', 'objectives', 'cycle_id'],
    ['Squad', 'objectives', 'team_id'],
    ['Department', 'objectives', 'team_id'],
    ['KR', 'key_results', 'title'],
    ['KR Title', 'key_results', 'title'],
    ['Measure', 'key_results', 'title'],
    ['Assignee', 'key_results', 'owner_id'],
    ['Responsible', 'key_results', 'owner_id'],
    ['Owner Email', 'key_results', 'owner_id'],
    ['Baseline', 'key_results', 'start_value'],
    ['Initial', 'key_results', 'start_value'],
    ['Goal Value', 'key_results', 'target_value'],
    ['Actual', 'key_results', 'current_value'],
    ['% Complete', 'key_results', 'progress'],
    ['Score', 'key_results', 'progress'],
    ['RAG', 'key_results', 'confidence'],
    ['Health', 'key_results', 'confidence'],
    ['Confidence (1-10)', 'key_results', 'confidence'],
    ['Target [USD]', 'key_results', 'target_value'],
    ['Metric Unit', 'key_results', 'unit'],
    ['Check-in Date', 'check_ins', 'checked_at'],
    ['Week Of', 'check_ins', 'checked_at'],
    ['Updated At', 'check_ins', 'checked_at'],
    ['Update', 'check_ins', 'note'],
    ['Notes', 'check_ins', 'note'],
    ['Status', 'check_ins', 'status'],
    ['Status Confidence', 'check_ins', 'confidence'],
    ['Reviewee', 'ratings', 'employee_id'],
    ['Rater', 'ratings', 'rater_id'],
    ['Reviewer', 'ratings', 'rater_id'],
    ['Performance Rating', 'ratings', 'rating'],
    ['Score', 'ratings', 'rating'],
    ['Review Stage', 'ratings', 'stage'],
    ['Employee ID', 'people', 'person_id'],
    ['Reports To', 'people', 'manager_id'],
    ['key_result_id', 'check_ins', 'key_result_id'],
    ['KEY RESULT ID', 'check_ins', 'key_result_id'],
    ['Objective', 'flat-okr', 'objective.title'],
    ['Objective Owner', 'flat-okr', 'objective.owner_id'],
    ['Owner', 'flat-okr', 'key_result.owner_id'],
    ['Key Result', 'flat-okr', 'key_result.title'],
    ['objective.title', 'flat-okr', 'objective.title'],
    ['key_result_id', 'flat-okr', 'key_result.key_result_id'],
    ['target_value', 'flat-okr', 'key_result.target_value'],
    ['Quarter', 'flat-okr', 'objective.cycle_id'],
    ['Aligned To', 'flat-okr', 'objective.parent_objective_id'],
    ['Key Results', 'flat-okr', 'key_result.title'],
    ['Owners', 'key_results', 'owner_id'],
    ['Objectives', 'objectives', 'title'],
    ['Targets', 'key_results', 'target_value'],
    ['Status', 'check_ins', 'status'],
    ['KR Target', 'flat-okr', 'key_result.target_value'],
    ['Key Result Confidence', 'flat-okr', 'key_result.confidence'],
    ['KR Current Value', 'flat-okr', 'key_result.current_value'],
    ['Objective Cycle', 'flat-okr', 'objective.cycle_id'],
    ['Goal Team', 'flat-okr', 'objective.team_id'],
    ['Objective Level', 'flat-okr', 'objective.level'],
    ['Goal Progress', 'flat-okr', 'objective.stated_progress'],
  ] as const)('%j in %s → %s', (header, table, column) => {
    expect(matchHeader(header, table)?.column).toBe(column);
  });

  it('gives up on an absurdly long header quickly', () => {
    const started = performance.now();
    expect(matchHeader('('.repeat(100_000), 'key_results')).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ['Colour', 'key_results'],
    ['', 'objectives'],
    ['Title', 'flat-okr'],
    ['Potential', 'people'],
    ['Status', 'key_results'],
    ['Progres', 'key_results'],
  ] as const)('%j in %s matches nothing', (header, table) => {
    expect(matchHeader(header, table)).toBeNull();
  });
});

describe('mapColumns', () => {
  it('maps a real-looking key-result export and lists what it cannot map', () => {
    const r = mapColumns(['KR ID', 'Objective', 'KR Title', 'Assignee', 'Baseline', 'Target', 'Actual', 'Colour'], 'key_results');
    expect(r.mapping).toEqual({
      'KR ID': 'key_result_id',
      Objective: 'objective_id',
      'KR Title': 'title',
      Assignee: 'owner_id',
      Baseline: 'start_value',
      Target: 'target_value',
      Actual: 'current_value',
    });
    expect(r.unmapped).toEqual(['Colour']);
    expect(r.missingRequired).toEqual([]);
    expect(r.duplicates).toEqual([]);
  });

  it('lets the exact canonical name win over an alias, whichever comes first', () => {
    const r = mapColumns(['% Complete', 'progress', 'KR ID'], 'key_results');
    expect(r.mapping).toEqual({ progress: 'progress', 'KR ID': 'key_result_id' });
    expect(r.duplicates).toEqual(['% Complete']);
  });

  it('keeps the better alias, then the leftmost header, and reports the other', () => {
    expect(mapColumns(['Score', 'Progress'], 'key_results')).toMatchObject({
      mapping: { Progress: 'progress' },
      duplicates: ['Score'],
    });
    expect(mapColumns(['Owner', 'owner '], 'key_results')).toMatchObject({
      mapping: { Owner: 'owner_id' },
      duplicates: ['owner '],
    });
  });

  it('ranks a plural below the singular name and below every alias', () => {
    expect(mapColumns(['Owners', 'Owner'], 'key_results')).toMatchObject({ mapping: { Owner: 'owner_id' }, duplicates: ['Owners'] });
    expect(mapColumns(['Owners', 'Accountable'], 'key_results')).toMatchObject({
      mapping: { Accountable: 'owner_id' },
      duplicates: ['Owners'],
    });
    expect(matchHeader('Owners', 'key_results')?.exact).toBe(false);
    expect(matchHeader('key_result_ids', 'check_ins')?.exact).toBe(false);
  });

  it('reports a header given twice', () => {
    const r = mapColumns(['Owner', 'Owner', 'Colour', 'Colour'], 'key_results');
    expect(r.mapping).toEqual({ Owner: 'owner_id' });
    expect(r.duplicates).toEqual(['Owner']);
    expect(r.unmapped).toEqual(['Colour', 'Colour']);
  });

  it('names missing required columns', () => {
    expect(mapColumns(['Title', 'Owner'], 'key_results').missingRequired).toEqual(['key_result_id', 'objective_id']);
    expect(mapColumns(['Date', 'Value'], 'check_ins').missingRequired).toEqual(['key_result_id']);
    expect(mapColumns(['Rating'], 'ratings').missingRequired).toEqual(['employee_id']);
  });

  it('splits a flat OKR sheet into objective and key-result columns', () => {
    const r = mapColumns(
      ['Objective', 'Objective Owner', 'Aligned To', 'Level', 'Team', 'Quarter', 'Key Result', 'Owner', 'Start', 'Target',
        'Current', '% Complete', 'Confidence', 'Weight', 'Unit'],
      'flat-okr',
    );
    expect(r.mapping).toEqual({
      Objective: 'objective.title',
      'Objective Owner': 'objective.owner_id',
      'Aligned To': 'objective.parent_objective_id',
      Level: 'objective.level',
      Team: 'objective.team_id',
      Quarter: 'objective.cycle_id',
      'Key Result': 'key_result.title',
      Owner: 'key_result.owner_id',
      Start: 'key_result.start_value',
      Target: 'key_result.target_value',
      Current: 'key_result.current_value',
      '% Complete': 'key_result.progress',
      Confidence: 'key_result.confidence',
      Weight: 'key_result.weight',
      Unit: 'key_result.unit',
    });
    expect(r.unmapped).toEqual([]);
    expect(r.missingRequired).toEqual([]);
  });

  it('needs an objective and a key result (id or title) in a flat sheet', () => {
    expect(mapColumns(['Objective ID', 'KR ID'], 'flat-okr').missingRequired).toEqual([]);
    expect(mapColumns(['Owner', 'Target'], 'flat-okr').missingRequired).toEqual(['objective.title', 'key_result.title']);
  });

  it('knows its required columns from the schema', () => {
    expect(REQUIRED_COLUMNS.check_ins).toEqual([['key_result_id'], ['checked_at']]);
    expect(TABLE_LAYOUTS).toContain('flat-okr');
  });

  it('throws on an unknown table', () => {
    expect(() => mapColumns(['x'], 'nope' as never)).toThrow(/Valid tables: people/);
  });
});

describe('matchRatingDimension', () => {
  it('finds the potential column of a 9-box sheet, which mapColumns leaves to the loader', () => {
    expect(matchRatingDimension('Potential')).toBe('potential');
    expect(matchRatingDimension('potential_rating')).toBe('potential');
    expect(matchRatingDimension('Performance Rating')).toBeNull();
    const m = mapColumns(['Employee', 'Manager', 'Performance Rating', 'Potential'], 'ratings');
    expect(m.mapping).toEqual({ Employee: 'employee_id', Manager: 'rater_id', 'Performance Rating': 'rating' });
    expect(m.unmapped).toEqual(['Potential']);
  });
});
