import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@plumb/elements';
import type { PlumbTables } from '@plumb/elements';
import { loadSample, type Connector } from '@plumb/core';
import { storyAssets } from './assets.js';

const teams = [
  { team_id: 't-eng', name: 'Engineering' },
  { team_id: 't-sales', name: 'Sales' },
];
const people = Array.from({ length: 12 }, (_, i) => ({
  person_id: `p${i + 1}`,
  name: `Person ${i + 1}`,
  team_id: i < 7 ? 't-eng' : 't-sales',
}));
const smallOrg: PlumbTables = { teams, people };

interface Args {
  src: string;
  'hide-diagnostics': boolean;
  'confidence-scale': string;
  'date-order': string;
}

const meta: Meta<Args> = {
  title: 'Data/plumb-data',
  component: 'plumb-data',
  args: { src: '', 'hide-diagnostics': false, 'confidence-scale': '', 'date-order': '' },
  render: (args) => html`<plumb-data
    .assets=${storyAssets}
    .tables=${smallOrg}
    src=${args.src}
    ?hide-diagnostics=${args['hide-diagnostics']}
    confidence-scale=${args['confidence-scale']}
    date-order=${args['date-order']}
  >
    <p>Plumb elements placed here share this database and one linked selection.</p>
  </plumb-data>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Rows given as a property (no files): the load panel says what is in the database. */
export const Loaded: Story = {};

/** The 600-person sample organisation, generated in the page (`prepare` runs on the fresh database). */
export const SampleOrganisation: Story = {
  render: () =>
    html`<plumb-data .assets=${storyAssets} .prepare=${(c: Connector) => loadSample(c, { people: 600, seed: 7 })}></plumb-data>`,
};

/** The panel while a load is running (this one never finishes). */
export const Loading: Story = {
  render: () => html`<plumb-data .assets=${storyAssets} .prepare=${() => new Promise(() => undefined)}></plumb-data>`,
};

/** A `src` that names no Plumb table: the error says which file and why, and nothing is shown as data. */
export const BadSource: Story = {
  args: { src: 'okrs.csv:key_result' },
  render: (args) => html`<plumb-data .assets=${storyAssets} src=${args.src}></plumb-data>`,
};

/** Events still fire; the page shows its own status. */
export const DiagnosticsHidden: Story = { args: { 'hide-diagnostics': true } };

// A Tability-style export (one row per outcome, API check-ins whose `score` is the measured value),
// the layout of packages/core/test/fixtures/make-tool-fixtures.mts, inlined so the story needs no files.
const tabilityOkrs = `Plan,Objective,Outcome ID,Outcome,Owner,Start value,Target
Q3 plan,Grow recurring revenue,o1,Reach $30k MRR,julia@example.com,20000,30000
Q3 plan,Grow recurring revenue,o2,Sign 12 design partners,julia@example.com,0,12
`;
const tabilityCheckins = JSON.stringify(
  ['2026-07-06', '2026-07-20', '2026-08-03'].flatMap((date, i) => [
    { id: `a${i}`, outcome_id: 'o1', checkin_date: `${date}T00:00:00.000Z`, score: 21000 + 2000 * i, confidence: ['green', 'yellow', 'red'][i], body: 'MRR update' },
    { id: `b${i}`, outcome_id: 'o2', checkin_date: `${date}T00:00:00.000Z`, score: 2 + 2 * i, confidence: 'green', body: 'Partners update' },
  ]),
);

/**
 * An export from another tool: the panel's "Columns and settings" says which input column became which
 * canonical column, which were left out and why, what was inferred (the score read as the measured
 * value, the cycle from the check-in dates); correct a column or a setting and reload in place.
 */
export const RealToolExport: Story = {
  render: () =>
    html`<plumb-data
      .assets=${storyAssets}
      .files=${[new File([tabilityOkrs], 'tability-okrs.csv', { type: 'text/csv' }), new File([tabilityCheckins], 'checkins.json', { type: 'application/json' })]}
    ></plumb-data>`,
};
