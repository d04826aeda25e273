import { describe, expect, it } from 'vitest';
import meta, * as stories from './cascade-tree.stories.js';
import type { PlumbCascadeTree } from '../packages/elements/src/cascade-tree/cascade-tree.js';

type Story = { args?: Record<string, unknown>; render?: (args: never) => HTMLElement };

async function show(name: keyof typeof stories): Promise<PlumbCascadeTree> {
  const story = stories[name] as Story;
  const args = { ...meta.args, ...story.args };
  const el = ((story.render ?? meta.render) as (a: typeof args) => HTMLElement)(args) as PlumbCascadeTree;
  document.body.append(el);
  for (let i = 0; i < 800; i++) {
    await el.updateComplete;
    if (el.tree || el.shadowRoot?.querySelector('[data-state=error], [data-state=empty]')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await el.updateComplete;
  return el;
}

describe('cascade tree stories render', () => {
  for (const name of ['SampleOrganisation', 'Outline', 'Tidy', 'AsOfReplay', 'HostileTitles', 'DeepChain', 'AlignmentCycle'] as const) {
    it(name, async () => {
      const el = await show(name);
      expect(el.tree).toBeDefined();
      expect(el.shadowRoot!.querySelectorAll('[role=treeitem]').length).toBeGreaterThan(0);
      expect(el.shadowRoot!.querySelector('img, script, svg [onload]')).toBeNull();
      el.remove();
    });
  }
  it('EmptyCycle and QueryError say what happened', async () => {
    const empty = await show('EmptyCycle');
    expect(empty.shadowRoot!.querySelector('[data-state=empty]')!.textContent).toContain('No objectives in cycle "Q9"');
    empty.remove();
    const error = await show('QueryError');
    expect(error.shadowRoot!.querySelector('[data-state=error]')!.textContent).toContain('last Tuesday');
    error.remove();
  });
});
