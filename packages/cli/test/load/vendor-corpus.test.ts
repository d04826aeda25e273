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
import { calibrationReport, cascadeReport, loadSources, queryRows, type CanonicalTable, type LoadReport } from '@plumb/core';
import { sharedDb } from '../../../core/test/load/helpers.js';

const root = fileURLToPath(new URL('../../../core/test/fixtures/exports/', import.meta.url));
const subfolders = (dir: string) => readdirSync(root + dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`).sort();
const vendors = [...subfolders('tools'), ...subfolders('shapes'), 'normalised', 'json-export', 'flat-sheet'];
const shared = sharedDb();
afterAll(() => shared.db.close());

interface Truth {
  /** The files to load (`name:table` names the table), when not every CSV/JSON of the folder. */
  files?: string[];
  answer?: string[];
  answer_option?: string;
  question_column?: string;
  tables: Record<string, number>;
  rejected?: number;
  manager?: { raters: Record<string, { n: number; mean: number }>; org: { n: number; mean: number }; kruskal_wallis_h: number | null };
  moves?: { n: number; up: number; down: number; same: number; matrix: number[][] };
  /** Person id → their manager's id (null: none), for every person of the layout. */
  managers?: Record<string, string | null>;
  /** Objective title → its progress, 0–1. */
  rollups?: Record<string, number>;
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
    if (truth.rollups) {
      const cascade = await cascadeReport(shared.db);
      for (const [title, progress] of Object.entries(truth.rollups)) {
        const node = cascade.nodes.find((n) => n.kind === 'objective' && n.title === title);
        expect(Math.abs((node?.progress ?? NaN) - progress), `${vendor}: ${title}`).toBeLessThan(1e-9);
      }
    }
    if (truth.manager) {
      const stats = await calibrationReport(shared.db, { stage: 'manager', minGroup: 1 });
      const raters = Object.fromEntries(stats.raters.map((r) => [r.rater_id, r]));
      expect(Object.keys(raters).sort()).toEqual(Object.keys(truth.manager.raters).sort());
      for (const [id, t] of Object.entries(truth.manager.raters)) {
        expect(raters[id]!.n, `${vendor} ${id}`).toBe(t.n);
        expect(Math.abs(raters[id]!.mean! - t.mean), `${vendor} ${id}`).toBeLessThan(1e-9);
      }
      expect(stats.org.n).toBe(truth.manager.org.n);
      expect(Math.abs(stats.org.mean! - truth.manager.org.mean)).toBeLessThan(1e-9);
      expect(Math.abs(stats.kruskal_wallis!.h - truth.manager.kruskal_wallis_h!)).toBeLessThan(1e-9);
      if (truth.moves) expect(stats.changes).toMatchObject(truth.moves);
    }
  });
});
