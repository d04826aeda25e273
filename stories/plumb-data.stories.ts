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
