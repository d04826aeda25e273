import { STATUS_LABELS, type CascadeStatus } from '@plumb/core/queries';

/** A shape per status, so colour is never the only sign. */
export const STATUS_GLYPHS: Record<CascadeStatus, string> = {
  done: '✓',
  'on-track': '●',
  'at-risk': '▲',
  'off-track': '✕',
  'no-data': '○',
  withheld: '◌',
};

export function statusText(status: CascadeStatus): string {
  return `${STATUS_GLYPHS[status]} ${STATUS_LABELS[status]}`;
}

/** Shorten a title for a fixed-size card; the full text stays available (tooltip, table, details). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}
