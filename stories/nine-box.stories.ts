// Storybook 10 CSF3 stories for @storybook/web-components-vite (plain objects, see rating-distribution.stories.ts).
import '@plumb/elements/nine-box/nine-box.define.js';
import type { PlumbNineBox } from '@plumb/elements/nine-box/nine-box.js';
import { sharedScenario, type Scenario } from './calibration-scenarios.js';

interface Args {
  scenario: Scenario;
  projector: boolean;
  anonymize: boolean;
  stage: 'manager' | 'calibrated';
  compareStage: '' | 'manager';
  namesPerBox: number;
}

function render(args: Args) {
  const el = document.createElement('plumb-nine-box') as PlumbNineBox;
  el.projector = args.projector;
  el.anonymize = args.anonymize;
  el.stage = args.stage;
  if (args.compareStage) el.compareStage = args.compareStage;
  el.namesPerBox = args.namesPerBox;
  void sharedScenario(args.scenario).then((c) => (el.connector = c));
  const frame = document.createElement('div');
  frame.style.maxWidth = args.projector ? '1880px' : '1000px';
  frame.append(el);
  return frame;
}

export default {
  title: 'Calibration/Nine-box',
  component: 'plumb-nine-box',
  render,
  args: { scenario: 'balanced', projector: false, anonymize: false, stage: 'manager', compareStage: '', namesPerBox: 3 } satisfies Args,
};

export const BalancedOrganisation = {};
export const Projector = { args: { projector: true } };
export const Anonymized = { args: { anonymize: true } };
export const BeforeAfter = { args: { stage: 'calibrated', compareStage: 'manager' } };
export const TinyTeams = { args: { scenario: 'tiny-teams' } };
export const HostileNames = { args: { scenario: 'hostile-names' } };
export const CustomLabels = {
  render: (args: Args) => {
    const el = document.createElement('plumb-nine-box') as PlumbNineBox;
    el.labels = { 'high-high': 'Top talent', 'low-low': 'Needs a plan' };
    el.stage = args.stage;
    void sharedScenario('balanced').then((c) => (el.connector = c));
    return el;
  },
};
