import type { DataTableColumn, PlumbDataTable } from '../data-table/data-table.js';
import { exportFileName, toCSV } from './csv.js';
import { downloadBlob } from './download.js';

export { downloadBlob };

/** Presentation properties copied onto the exported SVG's elements, so it looks the same outside the page's CSS. */
const INLINE_STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

export interface ExportOptions {
  /** File name without extension (default: from the chart's caption or label). */
  name?: string;
  /** The header of a column of unrounded values (default: "<label> (unrounded)"); views pass their catalogue's. */
  rawLabel?: (label: string) => string;
  /** Start a download (default true); the Blob is returned either way. */
  download?: boolean;
}

/** The chart's drawing and its text-alternative table, from its shadow root. */
export function chartParts(host: Element): { svg: SVGSVGElement | null; table: PlumbDataTable | null } {
  const root = host.shadowRoot ?? host;
  // A view names its drawing (`chartNode()`), so an export never picks a legend swatch.
  const named = (host as Partial<{ chartNode(): SVGSVGElement | null }>).chartNode;
  return {
    svg: typeof named === 'function' ? named.call(host) : root.querySelector('svg'),
    table: root.querySelector('plumb-data-table') as PlumbDataTable | null,
  };
}

function chartTitle(host: Element, table: PlumbDataTable | null): string {
  return host.getAttribute('aria-label') || table?.caption || host.localName;
}

/**
 * What makes an exported chart stand alone: a title, what the figures cover (filters, stage, cycle),
 * the legend, and a source line. A view gives it through `exportFrame()`; every SVG/PNG export is
 * framed by `serializeSVG` here (one builder for every view).
 */
export interface ExportFrame {
  title: string;
  context: string[];
  legend: { label: string; colour?: string }[];
  source: string;
}

function hasExportFrame(host: Element): host is Element & { exportFrame(): ExportFrame | null } {
  return typeof (host as Partial<{ exportFrame(): ExportFrame | null }>).exportFrame === 'function';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Lines of at most `max` characters, broken between words (a longer word stays whole). */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** Title and context above the chart, legend and source below: a new outer SVG holding the chart. */
function framed(chart: SVGSVGElement, width: number, height: number, frame: ExportFrame, colours: { fg: string; muted: string; bg: string }): SVGSVGElement {
  const margin = 16;
  const outer = document.createElementNS(SVG_NS, 'svg');
  const text = (x: number, y: number, content: string, size: number, fill: string, weight = '400') => {
    const t = document.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', String(x));
    t.setAttribute('y', String(y));
    t.setAttribute('font-size', String(size));
    t.setAttribute('font-weight', weight);
    t.setAttribute('font-family', 'system-ui, "Liberation Sans", sans-serif');
    t.setAttribute('fill', fill);
    t.textContent = content;
    outer.append(t);
  };
  const totalWidth = Math.max(width + margin * 2, 480);
  let y = margin + 18;
  text(margin, y, frame.title, 18, colours.fg, '700');
  // Context sentences wrap at the frame's width (about 7 px a character at 13 px): a long summary was cut off.
  for (const line of frame.context.flatMap((l) => wrapWords(l, Math.floor((totalWidth - 2 * margin) / 7)))) {
    y += 20;
    text(margin, y, line, 13, colours.muted);
  }
  y += 14;
  chart.setAttribute('x', String(margin));
  chart.setAttribute('y', String(y));
  chart.setAttribute('overflow', 'visible');
  outer.append(chart);
  y += height + 22;
  // Legend items in rows, wrapped at the frame's width (text width estimated at 0.6 em a character).
  let x = margin;
  for (const item of frame.legend) {
    const w = 18 + item.label.length * 7.5 + 18;
    if (x + w > totalWidth - margin && x > margin) {
      x = margin;
      y += 20;
    }
    if (item.colour) {
      const swatch = document.createElementNS(SVG_NS, 'rect');
      for (const [k, v] of Object.entries({ x: x, y: y - 10, width: 12, height: 12, rx: 2, fill: item.colour })) swatch.setAttribute(k, String(v));
      outer.append(swatch);
    }
    text(x + (item.colour ? 18 : 0), y, item.label, 12.5, colours.fg);
    x += w;
  }
  y += frame.legend.length ? 24 : 4;
  text(margin, y, frame.source, 11.5, colours.muted);
  const totalHeight = y + margin;
  outer.setAttribute('xmlns', SVG_NS);
  outer.setAttribute('width', String(totalWidth));
  outer.setAttribute('height', String(totalHeight));
  outer.setAttribute('viewBox', `0 0 ${totalWidth} ${totalHeight}`);
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', colours.bg);
  outer.insertBefore(rect, outer.firstChild);
  return outer;
}

/** The SVG as a standalone document: computed styles inlined, background painted, framed when `frame` is given. */
export function serializeSVG(svg: SVGSVGElement, frame: ExportFrame | null = null): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const copy = copies[i] as Element | undefined;
    if (!copy) return;
    // Presentation attributes, not a style attribute: a strict CSP (style-src without
    // 'unsafe-inline') blocks style attributes even on a detached clone, never SVG attributes.
    const computed = getComputedStyle(original);
    for (const p of INLINE_STYLE_PROPERTIES) {
      const value = computed.getPropertyValue(p);
      if (value) copy.setAttribute(p, value);
    }
  });
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width) || Number(svg.getAttribute('width')) || 640;
  const height = Math.round(box.height) || Number(svg.getAttribute('height')) || 400;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const hostStyle = getComputedStyle(svg.getRootNode() instanceof ShadowRoot ? (svg.getRootNode() as ShadowRoot).host : svg);
  const background = hostStyle.backgroundColor;
  const bg = background && background !== 'rgba(0, 0, 0, 0)' ? background : '#ffffff';
  if (frame) {
    const muted = hostStyle.getPropertyValue('--_muted').trim() || '#59636e';
    return new XMLSerializer().serializeToString(framed(clone, width, height, frame, { fg: hostStyle.color || '#1f2328', muted, bg }));
  }
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg);
  clone.insertBefore(rect, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

function finish(blob: Blob, name: string, options: ExportOptions): Blob {
  if (options.download !== false) downloadBlob(blob, name);
  return blob;
}

/** The chart as an SVG file. */
export function exportSVG(host: Element, options: ExportOptions = {}): Blob {
  const { svg, table } = chartParts(host);
  if (!svg) throw new Error(`${host.localName} has no drawing to export yet.`);
  const blob = new Blob([serializeSVG(svg, hasExportFrame(host) ? host.exportFrame() : null)], { type: 'image/svg+xml' });
  return finish(blob, exportFileName(options.name ?? chartTitle(host, table), 'svg'), options);
}

/**
 * The chart as a PNG (at `scale` × its size). Drawing an SVG onto a canvas
 * goes through a `blob:` image: under a strict Content-Security-Policy the
 * page needs `img-src 'self' blob:` for this one.
 */
export async function exportPNG(host: Element, options: ExportOptions & { scale?: number } = {}): Promise<Blob> {
  const { svg, table } = chartParts(host);
  if (!svg) throw new Error(`${host.localName} has no drawing to export yet.`);
  const text = serializeSVG(svg, hasExportFrame(host) ? host.exportFrame() : null);
  const scale = options.scale ?? 2;
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the PNG (no 2D canvas).');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded.'))), 'image/png'),
    );
    return finish(blob, exportFileName(options.name ?? chartTitle(host, table), 'png'), options);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A chart that renders its table lazily (or not at all) can still export:
 * `exportRows()` returns the rows it shows with their columns.
 */
export interface ExportableRows {
  exportRows(): { caption?: string; columns: DataTableColumn<any>[]; rows: readonly Record<string, unknown>[] } | null;
}

function hasExportRows(host: Element): host is Element & ExportableRows {
  return typeof (host as Partial<ExportableRows>).exportRows === 'function';
}

/**
 * The rows the chart shows as CSV, safe to open in a spreadsheet: from its
 * `exportRows()` when it has one, else from its `<plumb-data-table>`.
 */
export function exportCSV(host: Element, options: ExportOptions = {}): Blob {
  const { table } = chartParts(host);
  const source =
    (hasExportRows(host) ? host.exportRows() : null) ??
    table ??
    (host.localName === 'plumb-data-table' ? (host as PlumbDataTable) : null);
  if (!source) throw new Error(`${host.localName} has no rows to export yet (open its table first).`);
  const shown: DataTableColumn<Record<string, unknown>>[] = source.columns.length
    ? source.columns
    : Object.keys(source.rows[0] ?? {}).map((key) => ({ key, label: key }));
  // A number is written rounded as the table shows it (`digits`); when rounding changed any value, the
  // unrounded ones follow in a column of their own, so nothing is lost and nothing reads differently.
  const rawKey = (key: string) => `${key}\u0000raw`;
  const rawLabel = options.rawLabel ?? ((label: string) => `${label} (unrounded)`);
  const rounded = (c: DataTableColumn<Record<string, unknown>>, v: unknown) =>
    c.digits != null && typeof v === 'number' && Number.isFinite(v) ? Number(v.toFixed(c.digits)) : v;
  const columns = shown.flatMap((c) =>
    c.digits != null && source.rows.some((r) => rounded(c, r[c.key]) !== r[c.key]) ? [c, { key: rawKey(c.key), label: rawLabel(c.label) }] : [c],
  );
  // Numbers stay numbers (a spreadsheet can sum them); other cells as the table shows them.
  const cell = (c: DataTableColumn<Record<string, unknown>>, row: Record<string, unknown>) => {
    const value = row[c.key];
    return c.format && typeof value !== 'number' ? c.format(value, row) : rounded(c, value);
  };
  const rows = source.rows.map((row) =>
    Object.fromEntries(columns.map((c) => (c.key.endsWith('\u0000raw') ? [c.key, row[c.key.slice(0, -4)]] : [c.key, cell(c, row)]))),
  );
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  const blob = new Blob(['\uFEFF', toCSV(columns, rows)], { type: 'text/csv;charset=utf-8' });
  const title = options.name ?? (host.getAttribute('aria-label') || source.caption || host.localName);
  return finish(blob, exportFileName(title, 'csv'), options);
}
