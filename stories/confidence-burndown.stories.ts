// Stories for <plumb-confidence-burndown> (Storybook 10 CSF3, web-components-vite).
// Data in DuckDB-WASM: a hand-made quarter (week 4 = 2026-01-26 … 02-01; see
// packages/core/test/burndown/fixture.ts) viewed as of 2026-02-10 (week 6), or the seeded
// sample organisation (2026 Q3) viewed as of 2026-08-12 (week 7).
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample, type Connector } from '@plumb/core';
import '@plumb/elements/confidence-burndown/confidence-burndown.define.js';
import type { PlumbConfidenceBurndown } from '@plumb/elements/confidence-burndown/confidence-burndown.js';
import { testAssets } from '../packages/core/test/duckdb-assets.browser.js';
import { AS_OF, loadQuarter } from '../packages/core/test/burndown/fixture.js';

type Variant = 'quarter' | 'no-check-ins' | 'sample';
const AS_OF_BY_VARIANT: Record<Variant, string> = { quarter: AS_OF, 'no-check-ins': AS_OF, sample: '2026-08-12' };
/** People in the sample organisation the stories load (quick to generate in the page). */
const SAMPLE_PEOPLE = 3000;
const databases = new Map<Variant, Promise<Connector>>();

/** One database per variant, shared by every story that uses it. */
function database(variant: Variant): Promise<Connector> {
  let db = databases.get(variant);
  if (!db) {
    db = (async () => {
      const connector = new WasmConnector({ assets: testAssets });
      if (variant === 'sample') {
        await loadSample(connector, { people: SAMPLE_PEOPLE, seed: 1 });
        return connector;
      }
      await loadQuarter(connector);
      if (variant === 'no-check-ins') await connector.query('DELETE FROM check_ins');
      return connector;
    })();
    databases.set(variant, db);
  }
  return db;
}

interface Args {
  by: 'cycle' | 'key_result' | 'objective' | 'team' | 'department';
  measure: 'confidence' | 'progress' | 'remaining';
  threshold: number;
  ruleWeek: number;
  display: 'auto' | 'lines' | 'band';
  keyResultId?: string;
  objectiveId?: string;
  teamId?: string;
  department?: string;
  variant?: Variant;
  /** Owners as pseudonyms; team aggregates over fewer than min-group owners hidden. */
  anonymize?: boolean;
  minGroup?: number;
  projector?: boolean;
  /** The language of the element (its `locale`): en, de, fr. */
  locale?: string;
}

function render(args: Args): HTMLElement {
  const el = document.createElement('plumb-confidence-burndown') as PlumbConfidenceBurndown;
  el.setAttribute('as-of', AS_OF_BY_VARIANT[args.variant ?? 'quarter']);
  el.by = args.by;
  el.measure = args.measure;
  el.threshold = args.threshold;
  el.ruleWeek = args.ruleWeek;
  el.display = args.display;
  if (args.keyResultId) el.keyResultId = args.keyResultId;
  if (args.objectiveId) el.objectiveId = args.objectiveId;
  if (args.teamId) el.teamId = args.teamId;
  if (args.department) el.department = args.department;
  if (args.anonymize) el.anonymize = true;
  if (args.minGroup) el.minGroup = args.minGroup;
  if (args.projector) el.projector = true;
  if (args.locale) el.locale = args.locale;
  el.addEventListener('plumb-alert', (e) => console.info('plumb-alert', (e as CustomEvent).detail));
  void database(args.variant ?? 'quarter').then((db) => (el.connector = db));
  return el;
}

export default {
  title: 'Plumb/Confidence burn-down',
  component: 'plumb-confidence-burndown',
  render,
  args: { by: 'key_result', measure: 'confidence', threshold: 0.5, ruleWeek: 4, display: 'auto' } satisfies Args,
  argTypes: {
    by: { control: 'select', options: ['cycle', 'key_result', 'objective', 'team', 'department'] },
    measure: { control: 'inline-radio', options: ['confidence', 'progress', 'remaining'] },
    threshold: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    ruleWeek: { control: { type: 'number', min: 1, max: 13 } },
    display: { control: 'inline-radio', options: ['auto', 'lines', 'band'] },
  },
};

export const OneKeyResult = { args: { keyResultId: 'A' } };
export const Objective = { args: { objectiveId: 'O1' } };
export const Team = { args: { teamId: 'T2' } };
/** The seeded sample organisation: median and inter-quartile band of every key result. */
export const WholeOrganisation = { args: { by: 'cycle', variant: 'sample' } };
/** Departments of the sample organisation side by side. */
export const DepartmentsSideBySide = { args: { by: 'department', variant: 'sample' } };
/** One department of the sample organisation as a median band (too many key results for lines). */
export const OneDepartment = { args: { by: 'cycle', department: 'Engineering', variant: 'sample' } };
export const TeamsSideBySide = { args: { by: 'team' } };
export const ProgressBurnUp = { args: { measure: 'progress', teamId: 'T1' } };
export const RemainingBurnDown = { args: { measure: 'remaining', by: 'cycle', display: 'band' } };
export const NoCheckIns = { args: { variant: 'no-check-ins' } };
/** C goes silent after week 1, D never checks in, E and F stop after week 2. */
export const QuarterWithGaps = { args: { keyResultId: 'C,D,E,F' } };
/** Projected in a room: owners as pseudonyms, larger type, thick lines. */
export const ProjectorAnonymized = { args: { teamId: 'T1', anonymize: true, projector: true } };
/** German: every string from the catalogue, numbers and percentages through Intl. */
export const German = { args: { by: 'team', locale: 'de' } };
/** With anonymize and a minimum group of 2 owners, each one-owner team's aggregate is hidden. */
export const TeamsHiddenUnderMinGroup = { args: { by: 'team', display: 'band', anonymize: true, minGroup: 2 } };
