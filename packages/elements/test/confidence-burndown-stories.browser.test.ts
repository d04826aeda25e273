import { afterEach, describe, expect, it } from 'vitest';
import meta, * as stories from '../../../stories/confidence-burndown.stories.js';
import type { PlumbConfidenceBurndown } from '../src/confidence-burndown/confidence-burndown.js';

type Story = { args?: Record<string, unknown> };

async function renderStory(story: Story): Promise<PlumbConfidenceBurndown> {
  const el = meta.render({ ...meta.args, ...story.args } as Parameters<typeof meta.render>[0]) as PlumbConfidenceBurndown;
  el.style.width = '900px';
  document.body.append(el);
  for (let i = 0; i < 2400 && el.status !== 'ready' && el.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

describe('confidence burn-down stories render', () => {
  afterEach(() => document.body.replaceChildren());

  it('one key result, a team, no check-ins, gaps', async () => {
    const one = await renderStory(stories.OneKeyResult);
    expect(one.status).toBe('ready');
    expect(one.shadowRoot!.querySelectorAll('path.kr-line')).toHaveLength(1);
    const none = await renderStory(stories.NoCheckIns);
    expect(none.shadowRoot!.querySelector('[part=summary]')!.textContent).toContain('None of 7 key results has a confidence');
    const gaps = await renderStory(stories.QuarterWithGaps);
    expect(gaps.shadowRoot!.querySelectorAll('circle.point.carried').length).toBeGreaterThan(5);
  });

  it('the whole sample organisation', async () => {
    const org = await renderStory(stories.WholeOrganisation);
    expect(org.status).toBe('ready');
    expect(org.result!.key_results).toBeGreaterThan(100);
    expect(org.shadowRoot!.querySelector('path.band')).not.toBeNull();
  }, 120_000);

  it('projected and anonymized, German, and teams hidden under the minimum group', async () => {
    const projected = await renderStory(stories.ProjectorAnonymized);
    expect(projected.shadowRoot!.querySelector('.root.projector')).not.toBeNull();
    expect(projected.shadowRoot!.querySelector('[part=alerts]')!.textContent).not.toContain('Ada');
    const german = await renderStory(stories.German);
    expect(german.shadowRoot!.querySelector('[part=summary]')!.textContent).toContain('Schlüsselergebnisse');
    const hidden = await renderStory(stories.TeamsHiddenUnderMinGroup);
    expect([...hidden.shadowRoot!.querySelectorAll('.panel .sentence')].every((p) => p.textContent!.startsWith('Hidden:'))).toBe(true);
  });
});
