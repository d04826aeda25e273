// Storybook 10 CSF3 stories for @storybook/web-components-vite. Plain objects:
// no Storybook types are imported, so the stories typecheck without Storybook installed.
import '@plumb/elements/rating-distribution/rating-distribution.define.js';
import type { PlumbRatingDistribution } from '@plumb/elements/rating-distribution/rating-distribution.js';
import { sharedScenario, scenarioConnector, type Scenario } from './calibration-scenarios.js';

interface Args {
  scenario: Scenario;
  projector: boolean;
  anonymize: boolean;
  beforeAfter: boolean;
  view: 'stacked' | 'multiples';
  minGroup: number;
}

function render(args: Args) {
  const el = document.createElement('plumb-rating-distribution') as PlumbRatingDistribution;
  el.projector = args.projector;
  el.anonymize = args.anonymize;
  el.beforeAfter = args.beforeAfter;
  el.view = args.view;
  el.minGroup = args.minGroup;
  if (args.scenario === ('loading' as Scenario)) el.connector = { query: () => new Promise(() => {}) } as never;
  else void sharedScenario(args.scenario).then((c) => (el.connector = c));
  const frame = document.createElement('div');
  frame.style.maxWidth = args.projector ? '1880px' : '1100px';
  frame.append(el);
  return frame;
}

export default {
  title: 'Calibration/Rating distribution',
  component: 'plumb-rating-distribution',
  render,
  args: { scenario: 'balanced', projector: false, anonymize: false, beforeAfter: false, view: 'stacked', minGroup: 5 } satisfies Args,
  argTypes: {
    scenario: { control: 'select', options: ['balanced', 'lenient-severe', 'tiny-teams', 'hostile-names', 'empty'] },
    view: { control: 'inline-radio', options: ['stacked', 'multiples'] },
  },
};

export const BalancedOrganisation = {};
export const LenientAndSevereManagers = { args: { scenario: 'lenient-severe' } };
export const TinyTeams = { args: { scenario: 'tiny-teams' } };
export const Projector = { args: { scenario: 'lenient-severe', projector: true } };
export const Anonymized = { args: { scenario: 'lenient-severe', anonymize: true } };
export const BeforeAfter = { args: { scenario: 'lenient-severe', beforeAfter: true } };
export const SmallMultiples = { args: { scenario: 'lenient-severe', view: 'multiples' } };
export const HostileNames = { args: { scenario: 'hostile-names' } };
export const Empty = { args: { scenario: 'empty' } };
export const Loading = { args: { scenario: 'loading' } };
export const ErrorState = {
  render: () => {
    const el = document.createElement('plumb-rating-distribution') as PlumbRatingDistribution;
    void scenarioConnector('empty').then(async (c) => {
      await c.query('DROP TABLE ratings');
      el.connector = c;
    });
    return el;
  },
};
