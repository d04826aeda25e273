// Storybook 10 CSF3 stories for the calibration session views: the table, the log, the editable
// nine-box and the reason dialog, each over a real in-page DuckDB and the <plumb-data>'s session.
import '@plumb/elements';
import type { PlumbData, PlumbReasonDialog } from '@plumb/elements';
import { loadSample, type Connector } from '@plumb/core';
import { scenarioConnector, type Scenario } from './calibration-scenarios.js';
import { storyAssets } from './assets.js';

interface Args {
  scenario: Scenario | 'sample-10000';
  anonymize: boolean;
  projector: boolean;
  locale: '' | 'de' | 'fr';
  /** Open the session (else the views are read-only). */
  session: boolean;
  /** Make a few changes when the session is new: a big move with a reason, one without, one undone, one discussed. */
  changes: boolean;
  views: 'table' | 'log' | 'nine-box' | 'all';
}

async function someChanges(data: PlumbData): Promise<void> {
  const session = data.session;
  if (session.events.length > 0) return; // restored from this browser: the story's changes are there
  const rows = data.querySelector('plumb-calibration-table')?.result?.rows ?? [];
  const movable = rows.filter((r) => r.manager_rating !== null && r.calibrated_rating !== null);
  const [a, b, c, d] = movable;
  if (!a || !b || !c || !d) return;
  const up = (v: number, n: number) => Math.min(5, v + n);
  const down = (v: number, n: number) => Math.max(1, v - n);
  await session.changeRating({ employee_id: a.id, to_rating: a.calibrated_rating! >= 4 ? down(a.calibrated_rating!, 2) : up(a.calibrated_rating!, 2), reason: 'Led the migration; peers confirm impact' });
  await session.changeRating({ employee_id: b.id, to_rating: b.calibrated_rating! >= 5 ? 4 : up(b.calibrated_rating!, 1) });
  await session.changeRating({ employee_id: c.id, to_rating: c.calibrated_rating! <= 1 ? 2 : down(c.calibrated_rating!, 1), reason: 'Goals missed two quarters' });
  await session.undo();
  await session.markDiscussed({ employee_id: d.id });
}

function render(args: Args): HTMLElement {
  const data = document.createElement('plumb-data') as PlumbData;
  data.anonymize = args.anonymize;
  data.projector = args.projector;
  if (args.locale) data.setAttribute('lang', args.locale);
  if (args.scenario === 'sample-10000') {
    data.assets = storyAssets;
    data.prepare = (c: Connector) => loadSample(c, { people: 10_000, seed: 7 }).then(() => undefined);
  } else {
    void scenarioConnector(args.scenario).then((c) => (data.connector = c));
  }
  const show = (v: Args['views']) => args.views === 'all' || args.views === v;
  if (show('nine-box')) data.append(Object.assign(document.createElement('plumb-nine-box'), { editable: true, namesPerBox: 4 }));
  if (show('table')) data.append(document.createElement('plumb-calibration-table'));
  if (show('log')) data.append(document.createElement('plumb-session-log'));
  data.addEventListener('plumb-load', async () => {
    if (!args.session) return;
    // The session calibrates the cycle the views show (the table's).
    const table = data.querySelector('plumb-calibration-table') ?? Object.assign(document.createElement('plumb-calibration-table'), { hidden: true });
    if (!table.isConnected) data.append(table);
    while (!table.result) await new Promise((r) => setTimeout(r, 50));
    await data.session.open({ cycle: table.result.cycle });
    if (args.changes) await someChanges(data);
  });
  const frame = document.createElement('div');
  frame.className = 'story-frame';
  frame.append(data);
  return frame;
}

export default {
  title: 'Calibration/Session',
  render,
  args: { scenario: 'balanced', anonymize: false, projector: false, locale: '', session: true, changes: true, views: 'all' } satisfies Args,
};

/** The whole session: editable nine-box, table and log, with a few changes (one undone). */
export const Session = {};
/** No session open: every view is read-only (keys and drops announce it). */
export const ReadOnly = { args: { session: false, changes: false } };
/** A session just opened: nothing changed yet. */
export const FreshSession = { args: { changes: false } };
/** Pseudonyms everywhere (table, log, nine-box); an export asks first. */
export const Anonymized = { args: { anonymize: true } };
/** Projector type, in German. */
export const ProjectorGerman = { args: { projector: true, locale: 'de' } };
export const French = { args: { locale: 'fr' } };
/** 10,000 people: the table draws only the rows in view. */
export const TenThousandPeople = { args: { scenario: 'sample-10000', views: 'table', changes: false } };
/** Names with markup, quotes, right-to-left script and great length: text, never HTML. */
export const HostileNames = { args: { scenario: 'hostile-names' } };
/** Departments under min-group: their people are left out of the table, boxes withheld. */
export const TinyTeams = { args: { scenario: 'tiny-teams' } };
/** No ratings at all. */
export const Empty = { args: { scenario: 'empty', changes: false } };
export const TableOnly = { args: { views: 'table' } };
export const LogOnly = { args: { views: 'log' } };
export const NineBoxOnly = { args: { views: 'nine-box' } };

/** The reason dialog as a two-level move opens it. */
export const ReasonDialog = {
  render: (args: Args) => {
    const dialog = document.createElement('plumb-reason-dialog') as PlumbReasonDialog;
    if (args.locale) dialog.locale = args.locale;
    queueMicrotask(() => void dialog.ask({ person: 'Grace Hopper', dimension: 'overall', from: '3', to: '5', levels: 2, required: true }));
    return dialog;
  },
};
/** The question before an export with real ids from an anonymized room. */
export const ExportQuestion = {
  render: () => {
    const dialog = document.createElement('plumb-reason-dialog') as PlumbReasonDialog;
    queueMicrotask(() => void dialog.confirmRealIds());
    return dialog;
  },
};
