/**
 * The whole corpus of exports under test/fixtures/exports: the real tools' layouts (tools/*), the OKR shapes
 * (shapes/*) and the older canonical-ish exports (normalised, json-export, flat-sheet). Every one either loads
 * with its numbers equal to the ground truth computed without Plumb (tools/ground_truth.py and each shape's
 * expected.py → expected.json), or stops with a question naming its answer (or a refusal naming the file's table)
 * and loads nothing of the file it is about. None may load a different number without saying so.
 * One DuckDB for the whole file, emptied between layouts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/options.js';
import { burndown, calibrationReport, cascadeReport, loadSources, queryRows, type CanonicalTable, type LoadReport } from '@plumb/core';
import { sharedDb } from '../../../core/test/load/helpers.js';

const root = fileURLToPath(new URL('../../../core/test/fixtures/exports/', import.meta.url));
const subfolders = (dir: string) => readdirSync(root + dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`).sort();
const vendors = [...subfolders('tools'), ...subfolders('shapes'), 'normalised', 'json-export', 'flat-sheet'];
const shared = sharedDb();
afterAll(() => shared.db.close());

interface RaterTruth {
  raters: Record<string, { n: number; mean: number }>;
  org: { n: number; mean: number };
  kruskal_wallis_h: number | null;
}
interface MovesTruth {
  n: number;
  up: number;
  down: number;
  same: number;
  matrix: number[][];
}

interface Truth {
  /** The files to load (`name:table` names the table), when not every CSV/JSON of the folder. */
  files?: string[];
  answer?: string[];
  answer_option?: string;
  question_column?: string;
  tables: Record<string, number>;
  rejected?: number;
  manager?: RaterTruth;
  moves?: MovesTruth;
  /** Per dimension (a question of the review), the manager stage's statistics and the calibration moves. */
  by_dimension?: Record<string, { manager: RaterTruth; moves: MovesTruth }>;
  /** Employee id → their manager-stage rating. */
  rated?: Record<string, number>;
  /** Person id → their manager's id (null: none), for every person of the layout. */
  managers?: Record<string, string | null>;
  /** Objective title → its progress, 0–1 (null: no data). */
  rollups?: Record<string, number | null>;
  /** "<objective title> / <key result title>" → the key result's progress in the cascade, 0–1. */
  key_results_progress?: Record<string, number | null>;
  /** "<objective title> / <key result title>" → its latest confidence, 0–1. */
  key_results_confidence?: Record<string, number>;
  /** The OKR cycle's dates. */
  cycle?: { start: string; end: string };
  /** "<objective title> / <key result title>" → its confidence carried into each week of the cycle (null: none yet). */
  weekly_confidence?: Record<string, (number | null)[]>;
  /** Key-result title → the external ids of its links. */
  links_by_key_result?: Record<string, string[]>;
  /** Key-result title → (current − start) / (target − start). */
  key_result_progress_by_title?: Record<string, number>;
  /** "<key result id> <date>" → the check-in's confidence, 0–1. */
  confidence?: Record<string, number>;
}

async function load(vendor: string, truth: Truth, answer: string[] = []): Promise<LoadReport> {
  await shared.reset();
  const names = truth.files ?? readdirSync(root + vendor).filter((f) => /\.(csv|json|ndjson)$/.test(f) && f !== 'expected.json').sort();
  const { load: options } = parseCommandLine(answer, {});
  return loadSources(
    shared.db,
    names.map((spec) => {
      const [f, table] = spec.split(':') as [string, CanonicalTable | undefined];
      return { name: `${vendor}/${f}`, data: new Uint8Array(readFileSync(`${root}${vendor}/${f}`)), ...(table ? { table } : {}) };
    }),
    options,
  );
}

describe('every layout of the corpus: the ground truth, or a question naming its answer', () => {
  it('has a ground truth for every layout', () => {
    expect(vendors.length).toBeGreaterThanOrEqual(18);
    for (const v of vendors) expect(readdirSync(root + v), v).toContain('expected.json');
  });

  it.each(vendors)('%s', async (vendor) => {
    const truth = JSON.parse(readFileSync(`${root}${vendor}/expected.json`, 'utf8')) as Truth;
    if (truth.question_column) {
      // Without the answer: asked, the answer named, nothing of that file loaded.
      const asked = await load(vendor, truth);
      expect(asked.questions, `${vendor} asks`).toHaveLength(1);
      const question = asked.questions[0]!;
      expect(question.column).toBe(truth.question_column);
      expect(question.candidates.map((c) => c.option)).toContain(truth.answer_option);
      expect(asked.files.find((f) => f.file === question.file)).toMatchObject({ loaded_rows: 0 });
    }
    const report = await load(vendor, truth, truth.answer);
    for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
    expect(report.questions, `${vendor}: nothing left to ask`).toEqual([]);
    const loadedAll = Object.entries(truth.tables).every(([t, n]) => (report.tables[t] ?? 0) === n);
    if (!loadedAll) {
      // Not read yet: it must be refused out loud, file by file, with nothing of it loaded.
      const refused = report.files.filter((f) => f.loaded_rows === 0 && report.diagnostics.some((d) => d.file === f.file && d.severity === 'error' && /question|unknown-table/.test(d.code)));
      expect(refused.length, `${vendor}: loads ${JSON.stringify(report.tables)}, truth ${JSON.stringify(truth.tables)}, and says nothing`).toBeGreaterThan(0);
      for (const t of Object.keys(truth.tables)) expect(report.tables[t] ?? 0, `${vendor}: ${t} partly loaded`).toBe(0);
      return;
    }
    // Rows not loaded are the ones the truth says cannot be (not rated, ambiguous): counted, never dropped.
    expect(report.rejected_rows, vendor).toBe(truth.rejected ?? 0);
    if (truth.managers) {
      const people = (await shared.db.query('SELECT person_id, manager_id FROM people ORDER BY person_id')).toArray().map((r) => r.toJSON() as { person_id: string; manager_id: string | null });
      expect(Object.fromEntries(people.map((p) => [p.person_id, p.manager_id])), `${vendor}: every manager link`).toEqual(truth.managers);
    }
    if (truth.key_result_progress_by_title) {
      const krs = await queryRows<{ title: string; p: number }>(shared.db, 'SELECT title, (current_value - start_value) / (target_value - start_value) AS p FROM key_results');
      expect(krs.map((k) => k.title).sort(), vendor).toEqual(Object.keys(truth.key_result_progress_by_title).sort());
      for (const k of krs) expect(Math.abs(k.p - truth.key_result_progress_by_title[k.title]!), `${vendor}: ${k.title}`).toBeLessThan(1e-9);
    }
    if (truth.confidence) {
      const checkIns = await queryRows<{ k: string; confidence: number }>(shared.db, "SELECT key_result_id || ' ' || strftime(checked_at, '%Y-%m-%d') AS k, confidence FROM check_ins");
      expect(checkIns.map((c) => c.k).sort(), vendor).toEqual(Object.keys(truth.confidence).sort());
      for (const c of checkIns) expect(Math.abs(c.confidence - truth.confidence[c.k]!), `${vendor}: ${c.k}`).toBeLessThan(1e-9);
    }
    const close = (actual: number | null | undefined, expected: number | null, what: string) => {
      if (expected === null) expect(actual ?? null, what).toBeNull();
      else expect(Math.abs((actual ?? NaN) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThan(1e-9);
    };
    if (truth.rollups || truth.key_results_progress) {
      const cascade = await cascadeReport(shared.db);
      const objectives = cascade.nodes.filter((n) => n.kind === 'objective');
      for (const [title, progress] of Object.entries(truth.rollups ?? {})) close(objectives.find((n) => n.title === title)?.progress, progress, `${vendor}: ${title}`);
      if (truth.rollups) expect(objectives.map((n) => n.title).sort(), vendor).toEqual(Object.keys(truth.rollups).sort());
      const keyResults = new Map(cascade.nodes.filter((n) => n.kind === 'key_result').map((n) => [`${objectives.find((o) => o.id === n.parent_id)!.title} / ${n.title}`, n]));
      if (truth.key_results_progress) {
        expect([...keyResults.keys()].sort(), vendor).toEqual(Object.keys(truth.key_results_progress).sort());
        for (const [k, progress] of Object.entries(truth.key_results_progress)) close(keyResults.get(k)!.progress, progress, `${vendor}: ${k}`);
        for (const [k, node] of keyResults) close(node.confidence, truth.key_results_confidence?.[k] ?? null, `${vendor}: ${k} confidence`);
      }
    }
    if (truth.weekly_confidence) {
      const result = await burndown(shared.db, { asOf: truth.cycle!.end });
      expect(result.cycle, vendor).toMatchObject({ start_date: truth.cycle!.start, end_date: truth.cycle!.end });
      const series = new Map(result.series!.map((s) => [`${s.objective_title} / ${s.title}`, s.points.map((p) => p.confidence)]));
      expect([...series.keys()].sort(), vendor).toEqual(Object.keys(truth.weekly_confidence).sort());
      for (const [k, weeks] of Object.entries(truth.weekly_confidence)) {
        const got = series.get(k)!;
        expect(got.length, `${vendor}: ${k} weeks`).toBe(weeks.length);
        weeks.forEach((c, i) => close(got[i], c, `${vendor}: ${k} week ${i + 1}`));
      }
    }
    if (truth.links_by_key_result) {
      const links = await queryRows<{ title: string; ids: string }>(shared.db, "SELECT k.title, string_agg(l.external_id, ' ' ORDER BY l.external_id) AS ids FROM links l JOIN key_results k USING (key_result_id) GROUP BY 1");
      expect(Object.fromEntries(links.map((l) => [l.title, l.ids.split(' ')])), vendor).toEqual(truth.links_by_key_result);
    }
    if (truth.rated) {
      const rated = await queryRows<{ employee_id: string; rating: number }>(shared.db, "SELECT employee_id, rating FROM ratings WHERE stage = 'manager'");
      expect(Object.fromEntries(rated.map((r) => [r.employee_id, r.rating])), vendor).toEqual(truth.rated);
    }
    const raterStats = async (t: RaterTruth, moves: MovesTruth | undefined, dimension?: string) => {
      const what = dimension ? `${vendor} ${dimension}` : vendor;
      const stats = await calibrationReport(shared.db, { stage: 'manager', minGroup: 1, ...(dimension ? { dimension } : {}) });
      const raters = Object.fromEntries(stats.raters.map((r) => [r.rater_id, r]));
      expect(Object.keys(raters).sort(), what).toEqual(Object.keys(t.raters).sort());
      for (const [id, r] of Object.entries(t.raters)) {
        expect(raters[id]!.n, `${what} ${id}`).toBe(r.n);
        close(raters[id]!.mean, r.mean, `${what} ${id}`);
      }
      expect(stats.org.n, what).toBe(t.org.n);
      close(stats.org.mean, t.org.mean, what);
      close(stats.kruskal_wallis?.h ?? null, t.kruskal_wallis_h, `${what} Kruskal–Wallis H`);
      if (moves) expect(stats.changes, what).toMatchObject(moves);
    };
    for (const [dimension, t] of Object.entries(truth.by_dimension ?? {})) await raterStats(t.manager, t.moves, dimension);
    if (truth.manager) await raterStats(truth.manager, truth.moves);
  });
});
