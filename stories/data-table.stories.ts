import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '@plumb/elements';
import type { DataTableColumn } from '@plumb/elements';

const columns: DataTableColumn[] = [
  { key: 'name', label: 'Name' },
  { key: 'team', label: 'Team' },
  { key: 'rating', label: 'Rating', numeric: true },
];

interface Args {
  caption: string;
  'max-rows': number;
  rows: Record<string, unknown>[];
}

const meta: Meta<Args> = {
  title: 'Elements/plumb-data-table',
  component: 'plumb-data-table',
  args: {
    caption: 'Ratings after calibration',
    'max-rows': 500,
    rows: [
      { name: 'Ada Lovelace', team: 'Engineering', rating: 4 },
      { name: 'Grace Hopper', team: 'Engineering', rating: 5 },
      { name: 'Lin, Jr.', team: 'Sales', rating: 3 },
    ],
  },
  render: (args) =>
    html`<plumb-data-table caption=${args.caption} max-rows=${args['max-rows']} .columns=${columns} .rows=${args.rows}></plumb-data-table>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Rows: Story = {};
export const Empty: Story = { args: { rows: [] } };
/** Markup and formulas in data are text, never HTML. */
export const HostileNames: Story = {
  args: {
    rows: [
      { name: '<img src=x onerror=alert(1)>', team: '=HYPERLINK("http://evil")', rating: 2 },
      { name: '"; DROP TABLE people; --', team: '@SUM(A1)', rating: 3 },
    ],
  },
};
export const Truncated: Story = {
  args: {
    'max-rows': 5,
    rows: Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i + 1}`, team: i % 2 ? 'Sales' : 'Engineering', rating: (i % 5) + 1 })),
  },
};
