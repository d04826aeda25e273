import { describe, expect, it } from 'vitest';
import { html, render } from 'lit';
import { cssStyle } from '../src/shared/css-style.js';

describe('cssStyle', () => {
  it('sets and removes properties through CSSOM from the first render on (never a style attribute from markup)', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const view = (styles: Record<string, string | number | null>) => html`<span ${cssStyle(styles)}>x</span>`;
    render(view({ top: '12px', paddingInlineStart: '4px', '--_level': 3 }), host);
    const span = host.querySelector('span')!;
    expect(span.style.top).toBe('12px');
    expect(span.style.paddingInlineStart).toBe('4px');
    expect(span.style.getPropertyValue('--_level')).toBe('3');
    render(view({ top: '20px', '--_level': null }), host);
    expect(span.style.top).toBe('20px');
    expect(span.style.paddingInlineStart).toBe('');
    expect(span.style.getPropertyValue('--_level')).toBe('');
    host.remove();
  });

  it('raises no CSP violation where styleMap does: its first render writes a style attribute', async () => {
    const violations: string[] = [];
    const listener = (e: SecurityPolicyViolationEvent) => violations.push(e.violatedDirective);
    document.addEventListener('securitypolicyviolation', listener);
    // A page-level policy cannot be added after load; an iframe with a CSP meta tag can.
    const frame = document.createElement('iframe');
    frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="style-src 'self'"><div id=a></div>`;
    document.body.append(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const doc = frame.contentDocument!;
    const seen: string[] = [];
    doc.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    render(html`<span ${cssStyle({ top: '3px' })}>ok</span>`, doc.getElementById('a')!);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
    expect(doc.querySelector('span')!.style.top).toBe('3px');
    // The same markup with a literal style attribute is what the policy blocks (the check can fail).
    const blocked = doc.createElement('div');
    blocked.innerHTML = '<span style="top:3px">no</span>';
    doc.body.append(blocked);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.some((d) => d.startsWith('style-src'))).toBe(true);
    document.removeEventListener('securitypolicyviolation', listener);
    frame.remove();
  });
});
