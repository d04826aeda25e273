// The bundle budget in CI: what a page downloads before anything draws, with every element and with each element
// imported alone, bundled, minified and gzipped as an app ships it (scripts/bundle-size.mjs). Fails when a change
// makes any of them larger than CEILING_KB (the sizes reached, with a little room); the goals (110 kB with every
// element, 40 kB for one view) are printed beside them until they are met.
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without type declarations
import { CEILING_KB, LIMIT_KB, VIEW_LIMIT_KB, measureBundle, measureElements } from '../scripts/bundle-size.mjs';

interface Measured {
  entry: string;
  gzip_kb: number;
}
const ceilings = CEILING_KB as Record<string, number>;

describe('bundle size', () => {
  it('every element, and each element alone, stays under its ceiling', async () => {
    const all = (await measureBundle()) as Measured;
    const each = (await measureElements()) as Measured[];
    const rows = [{ entry: '@plumb/elements', gzip_kb: all.gzip_kb }, ...each];
    const over = rows
      .filter((r) => !(r.gzip_kb <= (ceilings[r.entry] ?? -1)))
      .map((r) => `${r.entry}: ${r.gzip_kb} kB gzipped, ceiling ${ceilings[r.entry] ?? 'none (add it to CEILING_KB)'} kB`);
    console.log(
      rows.map((r) => `${r.entry}: ${r.gzip_kb} kB (ceiling ${ceilings[r.entry]}, goal ${r.entry === '@plumb/elements' ? LIMIT_KB : VIEW_LIMIT_KB})`).join('\n'),
    );
    expect(over).toEqual([]);
    expect(each.length).toBe(Object.keys(ceilings).length - 1); // a new element gets a ceiling of its own
  }, 120_000);
});
