import type { ExportOptions } from './export.js';

/*
 * CSV, SVG and PNG export, loaded the first time a page exports (most pages never do, so the code is a
 * chunk of its own beside the bundle). The synchronous functions are in `@plumb/elements/shared/export.js`.
 */
const exporter = () => import('./export.js');

/** The view's rows (what it shows) as a CSV file. */
export async function exportCSV(host: Element, options?: ExportOptions): Promise<Blob> {
  return (await exporter()).exportCSV(host, options);
}

/** The chart as an SVG file (title, context, legend and source line around it). */
export async function exportSVG(host: Element, options?: ExportOptions): Promise<Blob> {
  return (await exporter()).exportSVG(host, options);
}

/** The chart as a PNG image. */
export async function exportPNG(host: Element, options?: ExportOptions & { scale?: number }): Promise<Blob> {
  return (await exporter()).exportPNG(host, options);
}
