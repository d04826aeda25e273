import { afterEach, expect, it, vi } from 'vitest';
import { defineElement } from '../src/shared/define.js';
import { PlumbDataTable } from '../src/data-table/data-table.js';
import '../src/data-table/data-table.define.js';

afterEach(() => vi.restoreAllMocks());

it('a second registration of a Plumb element by the same version (a module loaded twice) neither throws nor warns', () => {
  const warn = vi.spyOn(console, 'warn');
  class SecondCopy extends PlumbDataTable {}
  expect(() => defineElement('plumb-data-table', SecondCopy)).not.toThrow();
  expect(customElements.get('plumb-data-table')).toBe(PlumbDataTable);
  expect(warn).not.toHaveBeenCalled();
});

it('a tag already defined by another version keeps that definition and warns once, naming both versions', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  class OlderPlumb extends HTMLElement {}
  (OlderPlumb as unknown as Record<symbol, string>)[Symbol.for('plumb.elements.version')] = '0.0.9';
  customElements.define('plumb-old-a', OlderPlumb);
  class OlderPlumbB extends HTMLElement {}
  (OlderPlumbB as unknown as Record<symbol, string>)[Symbol.for('plumb.elements.version')] = '0.0.9';
  customElements.define('plumb-old-b', OlderPlumbB);
  class Ours extends HTMLElement {}
  expect(() => defineElement('plumb-old-a', Ours)).not.toThrow();
  expect(() => defineElement('plumb-old-b', class extends HTMLElement {})).not.toThrow();
  expect(customElements.get('plumb-old-a')).toBe(OlderPlumb);
  expect(warn).toHaveBeenCalledTimes(1);
  expect(String(warn.mock.calls[0]?.[0])).toMatch(/<plumb-old-a> is already defined by @plumb\/elements 0\.0\.9.*Two versions of Plumb/);
});
