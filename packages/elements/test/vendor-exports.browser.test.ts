/**
 * The vendor layouts of packages/core/test/fixtures/exports/tools (Workday, SuccessFactors with its two-header-row
 * user data file, Leapsome, Culture Amp, Betterworks), loaded by <plumb-data src> in Chromium with the attributes a page would set,
 * against the ground truth computed without Plumb (tools/ground_truth.py → expected.json): a layout that
 * needs an answer is asked first (a `question` naming it, nothing of that file loaded), then loads with the
 * answer as an attribute to the ground truth's numbers (1e-9).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { calibrationReport, cascadeReport, type LoadReport } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/plumb-data/plumb-data.define.js';
import type { PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import { until } from './browser-helpers.js';

const TOOLS = new URL('/packages/core/test/fixtures/exports/tools/', location.origin).href;

afterEach(() => document.body.replaceChildren());

interface Truth {
  files: string[];
  answer?: string[];
  question_column?: string;
  tables: Record<string, number>;
  managers?: Record<string, string | null>;
  rollups?: Record<string, number>;
  manager?: { raters: Record<string, { n: number; mean: number }>; org: { n: number; mean: number }; kruskal_wallis_h: number };
  moves?: Record<string, unknown>;
}

/** The answer as a page gives it: an attribute, or (`--answer id=value`) the `answers` property the load report's panel sets. */
function attributesOf(answer: string[] | undefined): Record<string, string> {
  if (!answer) return {};
  if (answer[0] === '--map') return { mapping: answer[1]! };
  return { [answer[0]!.replace(/^--/, '')]: answer[1]! };
}

async function load(vendor: string, truth: Truth, attributes: Record<string, string>) {
  document.body.replaceChildren();
  const data = document.createElement('plumb-data');
  data.assets = testAssets;
  for (const [k, v] of Object.entries(attributes)) {
    if (k !== 'answer') data.setAttribute(k, v);
    else data.answers = { [v.slice(0, v.lastIndexOf('='))]: v.slice(v.lastIndexOf('=') + 1) };
  }
  const loads: LoadReport[] = [];
  data.addEventListener('plumb-load', (e) => loads.push((e as CustomEvent<PlumbLoadDetail>).detail.report));
  data.setAttribute('src', truth.files.map((f) => `${TOOLS}${vendor}/${encodeURIComponent(f)}`).join(' '));
  document.body.append(data);
  await until(() => loads.length > 0, `loading ${vendor}`);
  const report = loads[0]!;
  for (const f of report.files) expect(f.input_rows, f.file).toBe(f.loaded_rows + f.rejected_rows);
  await data.updateComplete;
  const status = data.shadowRoot!.querySelector('[part="status"]')?.textContent ?? '';
  return { report, db: data.source!.connector!, status };
}

describe('<plumb-data> reads five more vendors\' exports to their ground truth', () => {
  it('Workday, SuccessFactors, Leapsome, Culture Amp, Betterworks: asked where the data cannot decide, then every number equal', async () => {
    for (const vendor of ['workday', 'successfactors', 'leapsome', 'cultureamp', 'betterworks']) {
      const truth = (await (await fetch(`${TOOLS}${vendor}/expected.json`)).json()) as Truth;
      if (truth.question_column) {
        const { report, status } = await load(vendor, truth, {});
        expect(report.questions.map((q) => q.column), vendor).toEqual([truth.question_column]);
        expect(report.tables.ratings ?? 0, vendor).toBe(0);
        expect(report.tables.objectives ?? 0, vendor).toBe(0);
        // The held file's rows wait for the answer; the status line does not call them rejected.
        const held = report.files.find((f) => f.file.endsWith(report.questions[0]!.file.split('/').pop()!))!;
        expect(status, vendor).toContain(`${held.input_rows} rows wait for an answer`);
        if (report.rejected_rows === held.input_rows) expect(status, vendor).not.toContain('rejected');
      }
      const { report, db } = await load(vendor, truth, attributesOf(truth.answer));
      expect(report.questions, vendor).toEqual([]);
      expect(report.tables, vendor).toMatchObject(truth.tables);
      if (truth.managers) {
        const people = (await db.query('SELECT person_id, manager_id FROM people')).toArray().map((r) => r.toJSON() as { person_id: string; manager_id: string | null });
        expect(Object.fromEntries(people.map((p) => [p.person_id, p.manager_id])), vendor).toEqual(truth.managers);
      }
      if (truth.rollups) {
        const cascade = await cascadeReport(db);
        for (const [title, progress] of Object.entries(truth.rollups)) {
          const node = cascade.nodes.find((n) => n.kind === 'objective' && n.title === title);
          expect(Math.abs((node?.progress ?? NaN) - progress), `${vendor}: ${title}`).toBeLessThan(1e-9);
        }
      }
      if (!truth.manager) continue;
      const stats = await calibrationReport(db, { stage: 'manager', minGroup: 1 });
      const raters = Object.fromEntries(stats.raters.map((r) => [r.rater_id, r]));
      expect(Object.keys(raters).sort(), vendor).toEqual(Object.keys(truth.manager!.raters).sort());
      for (const [id, t] of Object.entries(truth.manager!.raters)) {
        expect(raters[id]!.n, `${vendor} ${id}`).toBe(t.n);
        expect(Math.abs(raters[id]!.mean! - t.mean), `${vendor} ${id}`).toBeLessThan(1e-9);
      }
      expect(Math.abs(stats.kruskal_wallis!.h - truth.manager!.kruskal_wallis_h), vendor).toBeLessThan(1e-9);
      if (truth.moves) expect(stats.changes, vendor).toMatchObject(truth.moves);
    }
  }, 300_000);
});
