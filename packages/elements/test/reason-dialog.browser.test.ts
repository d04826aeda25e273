import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../src/reason-dialog/reason-dialog.define.js';

const request = { person: 'Person K7QM', dimension: 'overall', from: '3', to: '5', levels: 2, required: true };

function mount(): HTMLElement & { ask: (r: typeof request) => Promise<string | null>; confirmRealIds: () => Promise<boolean> } {
  const before = document.createElement('button');
  before.textContent = 'before';
  document.body.append(before);
  const el = document.createElement('plumb-reason-dialog');
  document.body.append(el);
  return el as never;
}

describe('<plumb-reason-dialog>', () => {
  it('is a labelled modal: focus in the field, the page behind inert, an empty required reason refused, Enter saves', async () => {
    const el = mount();
    const answer = el.ask(request);
    await Promise.resolve();
    const root = el.shadowRoot!;
    const dialog = root.querySelector('dialog')!;
    await new Promise(requestAnimationFrame);
    expect(dialog.open).toBe(true);
    expect(dialog.matches(':modal')).toBe(true); // the rest of the page is inert: focus cannot leave
    expect(root.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Reason for the change');
    expect(dialog.textContent).toContain('Person K7QM: overall from 3 to 5');
    expect(dialog.textContent).toContain('A move of 2 levels needs a reason.');
    expect(root.activeElement).toBe(root.querySelector('textarea'));
    await userEvent.keyboard('{Enter}');
    expect(dialog.open).toBe(true);
    expect(root.querySelector('[role=alert]')!.textContent).toContain('Write a reason');
    await userEvent.keyboard('Peer feedback from two projects{Enter}');
    await expect(answer).resolves.toBe('Peer feedback from two projects');
    expect(dialog.open).toBe(false);
    el.remove();
  });

  it('Escape cancels and resolves null; Tab stays inside the dialog', async () => {
    const el = mount();
    const answer = el.ask(request);
    await new Promise(requestAnimationFrame);
    const root = el.shadowRoot!;
    for (let i = 0; i < 4; i++) {
      await userEvent.keyboard('{Tab}');
      // Focus is on one of the dialog's controls (or the browser chrome beyond the inert page), never the page's button.
      expect(document.activeElement?.textContent).not.toBe('before');
    }
    await userEvent.keyboard('{Escape}');
    await expect(answer).resolves.toBe(null);
    expect(root.querySelector('dialog')!.open).toBe(false);
    el.remove();
  });

  it('asks before an export with real ids, in German too; Cancel has the focus', async () => {
    const el = mount();
    el.setAttribute('locale', 'de');
    const answer = el.confirmRealIds();
    const root = el.shadowRoot!;
    // The German words load on demand: the dialog opens once they are in.
    await expect.poll(() => root.querySelector('dialog')?.open).toBe(true);
    expect(root.querySelector('dialog')!.textContent).toContain('echte Personalnummern');
    expect((root.activeElement as HTMLElement).textContent).toBe('Abbrechen');
    await userEvent.keyboard('{Tab}{Enter}');
    await expect(answer).resolves.toBe(true);
    el.remove();
  });
});
