import { describe, expect, it } from 'vitest';
import { buildCascade, type CascadeKeyResultRow, type CascadeObjectiveRow, type CascadeRows } from '@plumb/core';
import { visibleRows } from '../src/cascade-tree/visible-rows.js';
import { autoDepth, expandToDepth, revealNodes } from '../src/cascade-tree/expansion.js';
import { searchCascade, typeAheadMatch } from '../src/cascade-tree/search.js';
import { scrollToRow, virtualWindow } from '../src/shared/virtual-window.js';
import { DEFAULT_TIDY_SIZE, tidyLayout } from '../src/cascade-tree/cascade-layout.js';
import { fitTransform } from '../src/cascade-tree/tidy-fit.js';

function objective(objective_id: string, extra: Partial<CascadeObjectiveRow> = {}): CascadeObjectiveRow {
  return {
    objective_id, cycle_id: 'Q', title: objective_id, level: 'team', owner_id: null, owner_name: null, team_id: null,
    team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null,
    rollup_mode: null, stated_progress: null, ...extra,
  };
}
function kr(key_result_id: string, objective_id: string): CascadeKeyResultRow {
  return {
    key_result_id, objective_id, title: key_result_id, owner_id: null, owner_name: null, start_value: 0, target_value: 1,
    unit: null, weight: null, snapshot_value: null, snapshot_progress: null, snapshot_confidence: null, checkin_value: null,
    checkin_progress: null, checkin_confidence: null, checked_at: null, checkins_total: 0, milestones: 0, milestones_done: 0,
    milestones_late: 0, sprints: 0, sprints_done: 0,
  };
}
const rows = (objectives: CascadeObjectiveRow[], krs: CascadeKeyResultRow[] = []): CascadeRows => ({
  cycle: { cycle_id: 'Q', name: null, start_date: null, end_date: null }, as_of: null, data_date: null, objectives, key_results: krs,
});

// A (company) ─ kA, B ─ (kB ─ D), C ; U unaligned
const tree = buildCascade(rows(
  [objective('A', { level: 'company' }), objective('B', { parent_objective_id: 'A' }), objective('C', { parent_objective_id: 'A' }),
    objective('D', { parent_key_result_id: 'kB' }), objective('U')],
  [kr('kA', 'A'), kr('kB', 'B')],
));
const titles = (r: ReturnType<typeof visibleRows>) => r.map((x) => tree.nodes[x.index]!.title);

describe('visible rows and expansion', () => {
  it('walks only expanded nodes, with ARIA positions', () => {
    const r = visibleRows(tree, expandToDepth(tree, 2));
    expect(titles(r)).toEqual(['A', 'kA', 'B', 'C', 'Not aligned to a company objective', 'U']);
    expect(r.map((x) => x.level)).toEqual([1, 2, 2, 2, 1, 2]);
    expect(r[2]).toMatchObject({ posInSet: 2, setSize: 3, expandable: true, expanded: false, parentRow: 0 });
  });
  it('hides key results, moving objectives aligned to them up to their objective', () => {
    const r = visibleRows(tree, expandToDepth(tree, 3, false), false);
    expect(titles(r)).toEqual(['A', 'B', 'D', 'C', 'Not aligned to a company objective', 'U']);
  });
  it('reveals a deep node by opening its ancestors', () => {
    const d = tree.index.get('objective:D')!;
    const r = visibleRows(tree, revealNodes(tree, new Set(), [d]));
    expect(titles(r)).toContain('D');
  });
  it('keeps a large unaligned group closed on opening (its count shows), but opens it for "all"', () => {
    const many = buildCascade(rows([objective('A', { level: 'company' }), ...Array.from({ length: 30 }, (_, i) => objective(`u${i}`))]));
    const g = many.index.get('group:unaligned')!;
    expect(expandToDepth(many, 2).has(g)).toBe(false);
    expect(expandToDepth(many, Infinity).has(g)).toBe(true);
    expect(autoDepth(many, true, 10)).toBe(4);
  });
  it('picks an opening depth that keeps the outline short', () => {
    expect(autoDepth(tree, true, 6)).toBe(2);
    expect(autoDepth(tree, true, 1000)).toBe(4);
    expect(autoDepth(tree, true, 1)).toBe(1);
  });
});

describe('search and type-ahead', () => {
  it('finds every word, case-insensitive, in outline order', () => {
    expect(searchCascade(tree, 'k').map((i) => tree.nodes[i]!.id)).toEqual(['kA', 'kB']);
    expect(searchCascade(tree, '  ')).toEqual([]);
  });
  it('type-ahead moves to the next title with the prefix, wrapping', () => {
    expect(typeAheadMatch(['Alpha', 'Beta', 'Apple'], 0, 'a')).toBe(2);
    expect(typeAheadMatch(['Alpha', 'Beta', 'Apple'], 2, 'a')).toBe(0);
    expect(typeAheadMatch(['Alpha'], 0, 'z')).toBe(-1);
  });
});

describe('virtual window', () => {
  it('renders the rows in view plus overscan', () => {
    expect(virtualWindow(10_000, 36, 3600, 360, 5)).toEqual({ start: 95, end: 116 });
    expect(virtualWindow(0, 36, 0, 360)).toEqual({ start: 0, end: 0 });
  });
  it('scrolls just enough to show a row', () => {
    expect(scrollToRow(0, 36, 100, 360)).toBe(0);
    expect(scrollToRow(20, 36, 0, 360)).toBe(21 * 36 - 360);
    expect(scrollToRow(5, 36, 0, 360)).toBe(0);
  });
});

describe('tidy layout', () => {
  it('places levels in columns and siblings apart, only for the visible rows', () => {
    const r = visibleRows(tree, expandToDepth(tree, 2));
    const l = tidyLayout(r);
    const step = DEFAULT_TIDY_SIZE.nodeWidth + DEFAULT_TIDY_SIZE.gapX;
    expect(l.nodes.map((n) => n.x)).toEqual(r.map((x) => (x.level - 1) * step));
    expect(l.links).toHaveLength(r.filter((x) => x.parentRow >= 0).length);
    const ys = l.nodes.filter((n) => r[n.row]!.level === 2).map((n) => n.y);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(DEFAULT_TIDY_SIZE.nodeHeight);
    expect(Math.min(...l.nodes.map((n) => n.y))).toBe(0);
    expect(l.height).toBe(Math.max(...l.nodes.map((n) => n.y)) + DEFAULT_TIDY_SIZE.nodeHeight);
  });
  it('lays out a 5,000-deep expanded chain without recursion', () => {
    const chain = buildCascade(rows(Array.from({ length: 5000 }, (_, i) => objective(`o${i}`, i ? { parent_objective_id: `o${i - 1}` } : { level: 'company' }))));
    const l = tidyLayout(visibleRows(chain, expandToDepth(chain, Infinity)));
    expect(l.nodes).toHaveLength(5000);
  });
});

describe('tidy fit', () => {
  const o = { minScale: 1, maxScale: 1.6, margin: 16, nodeHeight: 56 };
  it('centres a tree that fits, growing it at most to the largest fit scale', () => {
    // 600×300 in 1200×900: the width allows (1200−32)/600 = 1.947, the height (900−32)/300 = 2.89 → capped at 1.6.
    const t = fitTransform({ width: 600, height: 300 }, { width: 1200, height: 900 }, { x: 0, y: 0 }, o);
    expect(t.k).toBe(1.6);
    expect(t.x).toBeCloseTo((1200 - 600 * 1.6) / 2);
    expect(t.y).toBeCloseTo((900 - 300 * 1.6) / 2);
  });
  it('never shrinks below the readable scale: a tall tree opens at its anchor card and pans', () => {
    const t = fitTransform({ width: 3000, height: 14_000 }, { width: 1200, height: 600 }, { x: 2000, y: 5000 }, o);
    expect(t.k).toBe(1);
    // The anchor card's centre sits mid-height; its left edge a third in.
    expect(t.y + (5000 + 28) * t.k).toBeCloseTo(300);
    expect(t.x + 2000).toBeCloseTo(400);
    // An anchor near the tree's start keeps the tree's edge at the margin (no empty band before it).
    const first = fitTransform({ width: 3000, height: 14_000 }, { width: 1200, height: 600 }, { x: 0, y: 0 }, o);
    expect([first.x, first.y]).toEqual([16, 16]);
  });
});
