import type { CalibrationTableRow } from '@plumb/core/queries';
import { levelsMoved } from '../session/moves.js';

/**
 * The pure steps between the `calibration-table` query's rows and the rows drawn: flags, filter,
 * sort. No DOM. `id` is what a change is addressed by (a pseudonym code under anonymize: the session
 * resolves it); `changed` says a session changed the rating (a difference the data brought is not
 * flagged: its reason lives in the data).
 */
export type TableRow = Pick<
  CalibrationTableRow,
  'id' | 'name' | 'team_id' | 'manager_name' | 'manager_rating' | 'calibrated_rating' | 'changed' | 'last_reason' | 'discussed' | 'previous_rating'
> & Partial<Pick<CalibrationTableRow, 'team_name'>>;

/** What the team column shows: the team's name, its id when the data names none. */
export function teamLabel(row: TableRow): string | null {
  return row.team_name ?? row.team_id;
}

export type Flag = 'big-move' | 'no-reason';

/**
 * The guardrail flags of a row a session changed: the calibrated rating `threshold` levels or more
 * from the manager's (default 2), and a change without a reason.
 */
export function rowFlags(row: TableRow, scale: readonly number[], threshold = 2): Flag[] {
  const flags: Flag[] = [];
  if (!row.changed) return flags;
  if (threshold > 0 && levelsMoved(row.manager_rating, row.calibrated_rating, scale) >= threshold) flags.push('big-move');
  if (!row.last_reason?.trim()) flags.push('no-reason');
  return flags;
}

/** The calibrated rating differs from the manager's (by the data or the session): the original is struck through. */
export function isChanged(row: TableRow): boolean {
  return row.calibrated_rating !== null && row.manager_rating !== null && row.calibrated_rating !== row.manager_rating;
}

export type TableShow = 'all' | 'changed' | 'not-discussed' | 'flagged';

export interface TableFilter {
  /** Matches name, team or manager, case- and accent-insensitive. */
  text?: string;
  show?: TableShow;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** Indices of the rows that pass the filter, in their given order. */
export function filterRows(rows: readonly TableRow[], filter: TableFilter, scale: readonly number[] = [], threshold = 2): number[] {
  const text = filter.text ? fold(filter.text.trim()) : '';
  const show = filter.show ?? 'all';
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (show === 'changed' && !r.changed) continue;
    if (show === 'not-discussed' && r.discussed) continue;
    if (show === 'flagged' && rowFlags(r, scale, threshold).length === 0) continue;
    if (text && !fold(`${r.name}\u0000${teamLabel(r) ?? ''}\u0000${r.team_id ?? ''}\u0000${r.manager_name ?? ''}`).includes(text)) continue;
    out.push(i);
  }
  return out;
}

export type SortKey = 'name' | 'team_id' | 'manager_name' | 'manager_rating' | 'calibrated_rating' | 'change' | 'last_reason' | 'discussed' | 'previous_rating';
export interface TableSort {
  key: SortKey;
  descending: boolean;
}

function sortValue(row: TableRow, key: SortKey): string | number | null {
  switch (key) {
    case 'change':
      return row.calibrated_rating === null || row.manager_rating === null ? null : row.calibrated_rating - row.manager_rating;
    case 'discussed':
      return row.discussed ? 1 : 0;
    case 'team_id':
      return teamLabel(row);
    default:
      return row[key] as string | number | null;
  }
}

/**
 * `indices` sorted by `sort` (stable; missing values last in either direction; ties by name then
 * id so the order never depends on the query's).
 */
export function sortRows(rows: readonly TableRow[], indices: readonly number[], sort: TableSort, locale: string): number[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const dir = sort.descending ? -1 : 1;
  const keyed = indices.map((i) => ({ i, v: sortValue(rows[i]!, sort.key) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else if (a.v !== b.v) {
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      if (c !== 0) return c * dir;
    }
    const ra = rows[a.i]!;
    const rb = rows[b.i]!;
    return collator.compare(ra.name, rb.name) || (ra.id < rb.id ? -1 : ra.id > rb.id ? 1 : 0);
  });
  return keyed.map((k) => k.i);
}

/** Counts for the table's summary line. */
export function tableCounts(rows: readonly TableRow[], scale: readonly number[], threshold = 2) {
  let changed = 0;
  let discussed = 0;
  let bigMoves = 0;
  let withoutReason = 0;
  for (const r of rows) {
    if (r.discussed) discussed++;
    if (!r.changed) continue;
    changed++;
    const flags = rowFlags(r, scale, threshold);
    if (flags.includes('big-move')) bigMoves++;
    if (flags.includes('no-reason')) withoutReason++;
  }
  return { n: rows.length, changed, discussed, bigMoves, withoutReason };
}
