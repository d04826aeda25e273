// Storybook 10 CSF3 stories for <plumb-room>: the room a facilitator projects (one view at a time when presenting).
import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@plumb/elements';
import { loadSample, type Connector } from '@plumb/core';
import { storyAssets } from './assets.js';

interface Args {
  presenting: boolean;
  index: number;
  'reveal-names': boolean;
  lang: string;
}

const prepare = (c: Connector) => loadSample(c, { people: 300, seed: 7 });

const meta: Meta<Args> = {
  title: 'Layout/plumb-room',
  component: 'plumb-room',
  args: { presenting: false, index: 0, 'reveal-names': false, lang: 'en' },
  argTypes: { lang: { control: 'select', options: ['en', 'de', 'fr'] } },
  render: (args) => html`<div lang=${args.lang}>
    <plumb-data .assets=${storyAssets} .prepare=${prepare} hide-diagnostics>
      <plumb-room ?presenting=${args.presenting} index=${args.index} ?reveal-names=${args['reveal-names']}>
        <plumb-rating-distribution data-title="Rating distribution"></plumb-rating-distribution>
        <plumb-nine-box data-title="Nine-box"></plumb-nine-box>
        <plumb-confidence-burndown data-title="Confidence burn-down"></plumb-confidence-burndown>
        <plumb-cascade-tree data-title="OKR cascade" layout="tidy"></plumb-cascade-tree>
        <plumb-person-review slot="panel"></plumb-person-review>
      </plumb-room>
    </plumb-data>
  </div>`,
};
export default meta;
type Story = StoryObj<Args>;

/** Every view of the room on the page (the facilitator's preparation). */
export const AllViews: Story = {};

/** Presenting: one view fills the window, names hidden until "Show names"; Page Up/Down, ←/→, 1–9, Esc. */
export const Presenting: Story = { args: { presenting: true } };

/** Presenting the cascade's tree, in German. */
export const PresentingCascadeGerman: Story = { args: { presenting: true, index: 3, lang: 'de' } };

/** Presenting with names shown (the facilitator ticked "Show names"). */
export const NamesShown: Story = { args: { presenting: true, 'reveal-names': true, lang: 'fr' } };
