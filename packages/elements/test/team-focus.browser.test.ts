// A team focus in a demo-like page (issue 19, item 1): choosing "Engineering" gives the rating
// distribution and the nine-box the people of Engineering AND its sub-teams (the burn-down's
// meaning), never a blank "fewer than 5 people", and the banner of <plumb-data> says so. The
// expected people are walked here over the sample's rows, independently of core's closure table.
import { afterEach, describe, expect, it } from 'vitest';
import { generateSample, loadSample, sampleRows, type CalibrationReport, type NineBoxReport } from '@plumb/core';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbView } from '../src/view/plumb-view.js';
import { until } from './browser-helpers.js';

const PEOPLE = 600;
const SEED = 7;
const sample = generateSample({ people: PEOPLE, seed: SEED }).tables;
const people = sampleRows(sample.people) as { person_id: string; team_id: string | null; manager_id: string | null; name: string }[];
const teams = sampleRows(sample.teams) as { team_id: string; name: string; parent_team_id: string | null }[];
const ratings = sampleRows(sample.ratings) as { cycle_id: string; employee_id: string; stage: string; dimension: string; rating: number | null }[];

/** The team and every team under it, by a plain walk over `parent_team_id`. */
function subtree(team: string): Set<string> {
  const out = new Set([team]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of teams) if (t.parent_team_id && out.has(t.parent_team_id) && !out.has(t.team_id)) (out.add(t.team_id), (grew = true));
  }
  return out;
}

afterEach(() => document.body.replaceChildren());

describe('a team focus means the team and its sub-teams in every calibration view', () => {
  it('Engineering gives the rating distribution and the nine-box the subtree’s people, and the banner names the sub-teams', async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    data.hideDiagnostics = true;
    data.prepare = (connector) => loadSample(connector, { people: PEOPLE, seed: SEED });
    const dist = document.createElement('plumb-rating-distribution') as PlumbView<object, CalibrationReport>;
    const nine = document.createElement('plumb-nine-box') as PlumbView<object, NineBoxReport>;
    data.append(dist, nine);
    document.body.append(data);
    await until(() => [dist, nine].every((v) => v.status === 'ready' || v.status === 'error'), 'both views to draw');

    const engineering = teams.find((t) => t.name === 'Engineering')!;
    const sub = subtree(engineering.team_id);
    expect(sub.size, 'Engineering has sub-teams in the sample').toBeGreaterThan(1);
    const members = new Set(people.filter((p) => p.team_id && sub.has(p.team_id)).map((p) => p.person_id));
    const alone = people.filter((p) => p.team_id === engineering.team_id).length;
    expect(members.size).toBeGreaterThan(alone);

    await data.select({ kind: 'team', id: engineering.team_id, label: engineering.name, filter: { team_id: engineering.team_id } });
    await Promise.all([dist.settled(), nine.settled()]);

    const report = dist.result!;
    const { cycle, stage, dimension } = report.filter;
    const rated = (dim: string, st: string) =>
      new Set(ratings.filter((r) => r.cycle_id === cycle && r.stage === st && r.dimension === dim && r.rating != null && members.has(r.employee_id)).map((r) => r.employee_id));
    const expected = rated(dimension!, stage!).size;
    // Everyone of the subtree is counted, or left out by the privacy plan and said so (cut_people).
    expect(report.privacy.suppressed).toBe(false);
    expect(report.org.n + report.privacy.cut_people).toBe(expected);
    expect(report.org.n).toBeGreaterThan(alone);

    const box = nine.result!;
    const potential = new Set(ratings.filter((r) => r.cycle_id === cycle && r.dimension === 'potential' && r.rating != null).map((r) => r.employee_id));
    const boxed = [...rated(box.filter.performance, box.filter.stage)].filter((id) => potential.has(id)).length;
    expect(box.privacy.suppressed).toBe(false);
    expect(box.n + box.privacy.cut_people).toBe(boxed);
    // What a person sees: no "fewer than 5" state, the total on screen.
    for (const v of [dist, nine]) expect(v.shadowRoot!.textContent).not.toMatch(/Fewer than \d+ people match/);

    await until(() => !!data.shadowRoot!.querySelector('[part="filter-banner"]'), 'the filter banner');
    const banner = data.shadowRoot!.querySelector('[part="filter-banner"]')!.textContent!.replace(/\s+/g, ' ');
    expect(banner).toContain(`Engineering and its ${sub.size - 1} sub-teams`);
  });

  it('a manager selection shows their direct and indirect reports, named in the banner', async () => {
    const data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    data.hideDiagnostics = true;
    data.prepare = (connector) => loadSample(connector, { people: PEOPLE, seed: SEED });
    const dist = document.createElement('plumb-rating-distribution') as PlumbView<object, CalibrationReport>;
    data.append(dist);
    document.body.append(data);
    await until(() => dist.status === 'ready' || dist.status === 'error', 'the view to draw');
    // The manager below the top with the most reports (direct and indirect), walked over manager_id.
    const reportsOf = (manager: string) => {
      const out = new Set<string>();
      for (let frontier = [manager]; frontier.length; ) {
        frontier = people.filter((p) => p.manager_id && frontier.includes(p.manager_id) && !out.has(p.person_id)).map((p) => p.person_id);
        for (const id of frontier) out.add(id);
      }
      return out;
    };
    const candidates = [...new Set(people.map((p) => p.manager_id).filter((m): m is string => !!m))].filter((m) => people.find((p) => p.person_id === m)?.manager_id);
    const [manager, reports] = candidates.map((m) => [m, reportsOf(m)] as const).sort((a, b) => b[1].size - a[1].size)[0]!;
    expect([...reports].some((r) => people.some((p) => p.manager_id === r)), 'the manager has indirect reports').toBe(true);
    await data.select({ kind: 'manager', id: manager, filter: { manager_id: manager } });
    await dist.settled();
    const report = dist.result!;
    const { cycle, stage, dimension } = report.filter;
    const expected = new Set(ratings.filter((r) => r.cycle_id === cycle && r.stage === stage && r.dimension === dimension && r.rating != null && reports.has(r.employee_id)).map((r) => r.employee_id)).size;
    expect(report.privacy.suppressed).toBe(false);
    expect(report.org.n + report.privacy.cut_people).toBe(expected);
    expect(report.org.n).toBeGreaterThan(people.filter((p) => p.manager_id === manager).length);
    await until(() => !!data.shadowRoot!.querySelector('[part="filter-banner"]'), 'the filter banner');
    const name = people.find((p) => p.person_id === manager)!.name;
    expect(data.shadowRoot!.querySelector('[part="filter-banner"]')!.textContent).toContain(`reports of ${name} (direct and indirect)`);
  });
});
