// The reason dialog is a chunk of its own: a view renders the bare `<plumb-reason-dialog>` tag and imports the
// dialog's code the first time it asks (reason-dialog/lazy.ts). This file imports no define module, so the
// element starts undefined here, as on a page that only imported the nine-box.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { reasonDialogIn } from '../src/reason-dialog/lazy.js';

describe('the reason dialog on first use', () => {
  it('is undefined until asked for, then upgraded in place, rendered, and answers', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<plumb-reason-dialog></plumb-reason-dialog>';
    const bare = shadow.querySelector('plumb-reason-dialog')!;
    expect(customElements.get('plumb-reason-dialog')).toBeUndefined();
    expect('ask' in bare).toBe(false);

    const dialog = await reasonDialogIn(shadow);
    expect(dialog).toBe(bare); // the same element, upgraded
    expect(dialog!.shadowRoot!.querySelector('dialog')).not.toBeNull(); // rendered before it is handed out
    const answer = dialog!.ask({ person: 'Person K7QM', dimension: 'overall', from: '3', to: '5', levels: 2, required: true });
    await new Promise(requestAnimationFrame);
    expect(dialog!.shadowRoot!.querySelector('dialog')!.open).toBe(true);
    await userEvent.keyboard('Two projects{Enter}');
    await expect(answer).resolves.toBe('Two projects');
    expect(await reasonDialogIn(document.createElement('div'))).toBeNull();
    host.remove();
  });
});
