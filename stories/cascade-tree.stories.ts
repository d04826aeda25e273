// Stories for <plumb-cascade-tree> (Storybook 10 CSF3, web-components-vite).
// Data: the hand-made quarter of packages/core/test/cascade/fixture.ts (numbers
// computed by hand in its tests) in DuckDB-WASM, the seeded sample
// organisation, and hostile cascades built directly with buildCascade.
import { WasmConnector } from '@plumb/core/wasm';
import {
  buildCascade,
  loadSample,
  type CascadeKeyResultRow,
  type CascadeObjectiveRow,
  type CascadeRows,
  type Connector,
} from '@plumb/core';
import '../packages/elements/src/cascade-tree/cascade-tree.define.js';
import type { PlumbCascadeTree } from '../packages/elements/src/cascade-tree/cascade-tree.js';
import { testAssets } from '../packages/core/test/duckdb-assets.browser.js';
import { loadHandMadeCascade } from '../packages/core/test/cascade/fixture.js';

type Variant = 'hand-made' | 'sample-600' | 'sample-10k';
const databases = new Map<Variant, Connector>();

/**
 * One database per variant, shared by every story that uses it. Handed out at
 * once (the element shows its loading state): every call waits for the data.
 */
function database(variant: Variant): Connector {
  let db = databases.get(variant);
  if (!db) {
    const connector = new WasmConnector({ assets: testAssets });
    const ready =
      variant === 'hand-made'
        ? loadHandMadeCascade(connector)
        : loadSample(connector, { people: variant === 'sample-600' ? 600 : 10_000, seed: 1 }).then(() => undefined);
    db = {
      query: async (sql, params) => (await ready, connector.query(sql, params)),
      insertArrowIPC: async (t, ipc, o) => (await ready, connector.insertArrowIPC(t, ipc, o)),
      registerFile: async (n, b) => (await ready, connector.registerFile(n, b)),
      dropFile: async (n) => (await ready, connector.dropFile(n)),
      close: () => connector.close(),
    };
    databases.set(variant, db);
  }
  return db;
}

interface Args {
  layout: 'outline' | 'tidy';
  rollup: 'krs' | 'children' | 'both' | '';
  depth: number | null;
  cycle: string;
  asOf: string;
  hideKeyResults: boolean;
  anonymize: boolean;
  projector?: boolean;
  locale?: string;
  height: string;
  variant?: Variant;
}

function mount(args: Args, setup: (el: PlumbCascadeTree) => void | Promise<void>): HTMLElement {
  const el = document.createElement('plumb-cascade-tree');
  el.layout = args.layout;
  if (args.rollup) el.rollup = args.rollup;
  if (args.depth != null) el.depth = args.depth;
  if (args.cycle) el.cycle = args.cycle;
  if (args.asOf) el.asOf = args.asOf;
  el.hideKeyResults = args.hideKeyResults;
  el.anonymize = args.anonymize;
  el.projector = args.projector ?? false;
  if (args.locale) el.locale = args.locale;
  el.style.height = args.height;
  void setup(el);
  return el;
}

function render(args: Args): HTMLElement {
  return mount(args, (el) => {
    el.connector = database(args.variant ?? 'hand-made');
  });
}

export default {
  title: 'Plumb/Cascade tree',
  component: 'plumb-cascade-tree',
  render,
  args: {
    layout: 'outline', rollup: '', depth: null, cycle: 'Q1', asOf: '', hideKeyResults: false, anonymize: false, height: '560px',
  } satisfies Args,
  argTypes: {
    layout: { control: 'inline-radio', options: ['outline', 'tidy'] },
    rollup: { control: 'select', options: ['', 'krs', 'children', 'both'] },
    depth: { control: { type: 'number', min: 1, max: 8 } },
    cycle: { control: 'text' },
    asOf: { control: 'text', name: 'as-of' },
    hideKeyResults: { control: 'boolean', name: 'hide-key-results' },
    anonymize: { control: 'boolean' },
    projector: { control: 'boolean' },
    locale: { control: 'select', options: ['', 'en', 'de', 'fr'] },
    height: { control: 'text' },
    variant: { control: 'select', options: ['hand-made', 'sample-600', 'sample-10k'] },
  },
};

/** The seeded sample organisation (600 people, cycle 2026-Q3), opened at the automatic depth. */
export const SampleOrganisation = { args: { cycle: '', variant: 'sample-600' } };

/** The sample organisation as a tidy tree. */
export const SampleOrganisationTidy = { args: { cycle: '', variant: 'sample-600', layout: 'tidy' } };

/** 10,000 people (~5,700 objectives, ~15,000 key results): opens collapsed; the outline virtualises. */
export const Large = { args: { cycle: '', variant: 'sample-10k' } };

/** The outline: a virtualised ARIA tree (arrows, Home/End, Enter, type-ahead). */
export const Outline = { args: { depth: 4 } };

/** The horizontal tidy tree: zoom with the wheel or the buttons, drag to pan. */
export const Tidy = { args: { layout: 'tidy', depth: 4 } };

/** Objectives only: objectives aligned to a key result move up to its objective. */
export const KeyResultsHidden = { args: { depth: 4, hideKeyResults: true } };

/** Rolled up from child objectives only (leaves use their key results). */
export const RollupChildren = { args: { depth: 4, rollup: 'children' } };

/** The quarter replayed as of 31 January: later check-ins and the undated snapshot are ignored. */
export const AsOfReplay = { args: { depth: 4, asOf: '2026-01-31' } };

/** Owners as pseudonyms (the codes every other view uses), for projection. */
export const NamesHidden = { args: { depth: 3, anonymize: true } };

/** Projected, in German: large type, German strings and formats. */
export const ProjectorGerman = { args: { cycle: '', variant: 'sample-600', projector: true, locale: 'de' } };

/** In French. */
export const French = { args: { depth: 4, locale: 'fr' } };

/** Themed through --plumb-* custom properties (a dark set). */
export const DarkTheme = {
  args: { depth: 3 },
  render: (args: Args) => {
    const el = render(args);
    el.style.cssText += ';--plumb-color-text:#e6edf3;--plumb-color-muted:#9198a1;--plumb-color-background:#0d1117;--plumb-color-surface:#151b23;--plumb-color-border:#3d444d;--plumb-color-accent:#4493f8;--plumb-color-good:#3fb950;--plumb-color-warning:#d29922;--plumb-color-danger:#f85149';
    return el;
  },
};

/** Loading: the database never answers. */
export const Loading = {
  render: (args: Args) =>
    mount(args, (el) => {
      const never: Connector = {
        query: () => new Promise(() => undefined),
        insertArrowIPC: async () => undefined,
        registerFile: async () => undefined,
        dropFile: async () => undefined,
        close: async () => undefined,
      };
      el.connector = never;
    }),
};

/** Empty: a cycle with no objectives says so. */
export const EmptyCycle = { args: { cycle: 'Q9' } };

/** Error: the query fails (here, an as-of that is not a date) and the message says why. */
export const QueryError = { args: { asOf: 'last Tuesday' } };

// ---- hostile data, built without a database ----

function objective(objective_id: string, extra: Partial<CascadeObjectiveRow> = {}): CascadeObjectiveRow {
  return {
    objective_id, cycle_id: 'H', title: objective_id, level: 'team', owner_id: null, owner_name: null, team_id: null,
    team_name: null, parent_objective_id: null, parent_key_result_id: null, link_type: null, weight: null,
    rollup_mode: null, stated_progress: null, ...extra,
  };
}
function keyResult(key_result_id: string, objective_id: string, value: number | null, title = key_result_id): CascadeKeyResultRow {
  return {
    key_result_id, objective_id, title, owner_id: null, owner_name: null, start_value: 0, target_value: 10, unit: null, weight: null,
    snapshot_value: null, snapshot_progress: null, snapshot_confidence: null, checkin_value: value, checkin_progress: null,
    checkin_confidence: null, checked_at: value == null ? null : '2026-02-01', checkins_total: value == null ? 0 : 1,
    milestones: 0, milestones_done: 0, milestones_late: 0, sprints: 0, sprints_done: 0,
  };
}
function hostileRows(objectives: CascadeObjectiveRow[], keyResults: CascadeKeyResultRow[]): CascadeRows {
  return {
    cycle: { cycle_id: 'H', name: 'Hostile data', start_date: '2026-01-01', end_date: '2026-03-31' },
    as_of: null, data_date: '2026-02-15', objectives, key_results: keyResults,
  };
}

/** Titles with markup (shown as text, never HTML) and a 5,000-character title (clipped; full text in the tooltip and details). */
export const HostileTitles = {
  args: { depth: 3 },
  render: (args: Args) =>
    mount(args, (el) => {
      el.data = buildCascade(hostileRows(
        [
          objective('x', { level: 'company', title: '<img src=x onerror="alert(1)"><b>bold?</b>' }),
          objective('y', { level: 'company', title: `Ship ${'the very long objective '.repeat(200)}`.slice(0, 5000) }),
          objective('z', { parent_objective_id: 'x', title: '"); DROP TABLE objectives; --', owner_name: '<script>alert(2)</script>' }),
        ],
        [keyResult('k', 'x', 4, '<svg onload=alert(3)>'), keyResult('k2', 'y', null)],
      ));
    }),
};

/** A 5,000-level alignment chain: opens collapsed; "Expand to: All" shows it virtualised; End reaches the bottom. */
export const DeepChain = {
  render: (args: Args) =>
    mount(args, (el) => {
      el.data = buildCascade(hostileRows(
        Array.from({ length: 5000 }, (_, i) => objective(`o${i}`, i === 0 ? { level: 'company', title: 'Level 1' } : { parent_objective_id: `o${i - 1}`, title: `Level ${i + 1}` })),
        [keyResult('leaf', 'o4999', 7)],
      ));
    }),
};

/** An alignment cycle (A → B → C → A) as a loader would pass it on: reported in an alert, cut once, every node still shown. */
export const AlignmentCycle = {
  args: { depth: 4 },
  render: (args: Args) =>
    mount(args, (el) => {
      el.data = buildCascade(hostileRows(
        [
          objective('A', { parent_objective_id: 'C', title: 'A: aligned to C' }),
          objective('B', { parent_objective_id: 'A', title: 'B: aligned to A' }),
          objective('C', { parent_objective_id: 'B', title: 'C: aligned to B' }),
          objective('D', { level: 'company', title: 'D: a company objective outside the cycle' }),
        ],
        [keyResult('kA', 'A', 3), keyResult('kD', 'D', 6)],
      ));
    }),
};
