import { afterEach, describe, expect, it } from 'vitest';
import meta, * as stories from '../../../stories/person-review.stories.js';
import type { PlumbPersonReview } from '../src/person-review/person-review.js';

type Story = { args?: Record<string, unknown> };

async function renderStory(story: Story, settle = true): Promise<PlumbPersonReview> {
  const el = meta.render({ ...meta.args, ...story.args } as Parameters<typeof meta.render>[0]) as PlumbPersonReview;
  el.style.width = '1200px';
  document.body.append(el);
  if (!settle) {
    await new Promise((r) => setTimeout(r, 300));
    return el;
  }
  for (let i = 0; i < 2400 && el.status !== 'ready' && el.status !== 'error'; i++) await new Promise((r) => setTimeout(r, 25));
  if (el.status === 'ready') await el.draftSettled();
  await el.updateComplete;
  return el;
}

const text = (el: Element) => el.shadowRoot!.textContent ?? '';

describe('person review stories render every state', () => {
  afterEach(() => document.body.replaceChildren());

  it('loading, error and no person selected', async () => {
    expect(text(await renderStory(stories.Loading, false))).toMatch(/Loading/);
    const failed = await renderStory(stories.ErrorState);
    expect(failed.status).toBe('error');
    expect(text(failed)).toMatch(/the database is not reachable/);
    expect(text(await renderStory(stories.NoPersonSelected))).toMatch(/Select a person/);
  });

  it('one person, a full peer round, a higher min-group, hostile data and a hostile drafter', async () => {
    const one = await renderStory(stories.OnePerson);
    expect(one.draft!.sentences.length).toBeGreaterThan(5);
    const full = await renderStory(stories.FullPeerRound);
    expect(full.shadowRoot!.querySelector('.group[data-relationship="peer"]')!.getAttribute('data-suppressed')).toBe('false');
    const strict = await renderStory(stories.HigherMinGroup);
    expect(strict.shadowRoot!.querySelector('.group[data-relationship="peer"]')!.getAttribute('data-suppressed')).toBe('true');
    const hostile = await renderStory(stories.HostileData);
    expect(hostile.shadowRoot!.querySelector('img, script, b')).toBeNull();
    expect(text(hostile)).toContain('<script>alert(1)</script>');
    const model = await renderStory(stories.HostileDrafter);
    expect(model.draft!.drafter).toBe('hostile-model');
    expect(model.shadowRoot!.querySelectorAll('.sentence[data-flagged="true"]').length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
