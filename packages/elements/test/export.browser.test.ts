import { afterEach, expect, it } from 'vitest';
import { LitElement, css, html, svg } from 'lit';
import '../src/data-table/data-table.define.js';
import { exportCSV, exportPNG, exportSVG } from '../src/shared/export.js';
import { themeStyles } from '../src/shared/theme.styles.js';

/** A chart as Plumb's are built: an SVG styled through --plumb-* tokens, and its data table. */
class TestBarChart extends LitElement {
  static override styles = [
    themeStyles,
    css`
      rect { fill: var(--_accent); stroke: var(--_border); }
      text { fill: var(--_fg); font-size: 12px; }
    `,
  ];
  override render() {
    return html`<svg width="200" height="100" role="img" aria-label="Ratings">
        ${svg`<rect x="10" y="20" width="80" height="60"></rect><text x="10" y="15">Team =A</text>`}
      </svg>
      <plumb-data-table
        caption="Ratings by team"
        .columns=${[{ key: 'team', label: 'Team' }, { key: 'n', label: 'People', numeric: true }]}
        .rows=${[{ team: '=HYPERLINK("http://x")', n: 7 }, { team: 'Sales', n: -2 }]}
      ></plumb-data-table>`;
  }
}
customElements.define('test-bar-chart', TestBarChart);

afterEach(() => document.body.replaceChildren());

async function chart(): Promise<TestBarChart> {
  const el = document.createElement('test-bar-chart') as TestBarChart;
  el.style.setProperty('--plumb-color-accent', 'rgb(1, 2, 3)');
  document.body.append(el);
  await el.updateComplete;
  return el;
}

it('exports the SVG standalone: theme colours resolved inline, text escaped, named after the chart', async () => {
  const el = await chart();
  const blob = exportSVG(el, { download: false });
  expect(blob.type).toBe('image/svg+xml');
  const doc = new DOMParser().parseFromString(await blob.text(), 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  const rect = doc.querySelectorAll('rect')[1]!; // [0] is the painted background
  expect(rect.getAttribute('fill')).toBe('rgb(1, 2, 3)'); // a presentation attribute: a style attribute would break a strict CSP
  expect(rect.hasAttribute('style')).toBe(false);
  expect(doc.querySelector('text')!.textContent).toBe('Team =A');
  expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
});

it('exports a PNG at twice the size', async () => {
  const el = await chart();
  const blob = await exportPNG(el, { download: false });
  expect(blob.type).toBe('image/png');
  const bitmap = await createImageBitmap(blob);
  expect([bitmap.width, bitmap.height]).toEqual([400, 200]);
});

it('exports the rows it shows as CSV, formulas defused, numbers kept', async () => {
  const el = await chart();
  const blob = exportCSV(el, { download: false });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark, for spreadsheet programs
  expect(await blob.text()).toBe('Team,People\r\n"\'=HYPERLINK(""http://x"")",7\r\nSales,-2\r\n');
});
