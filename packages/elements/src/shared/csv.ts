// The CSV writer lives in core (session exports and the CLI write CSV too); views export through it.
export { csvCell, toCSV } from '@plumb/core/queries';

/** A file name made from a chart title: letters, digits, dashes. */
export function exportFileName(title: string, extension: 'svg' | 'png' | 'csv'): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 80);
  return `${base || 'plumb-chart'}.${extension}`;
}
