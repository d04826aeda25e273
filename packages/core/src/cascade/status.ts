import type { CascadeStatus, StatusThresholds } from './types.js';

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = Object.freeze({
  atRiskGap: 0.15,
  offTrackGap: 0.3,
  atRiskConfidence: 0.6,
  offTrackConfidence: 0.3,
});

const DAY_MS = 86_400_000;

function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/**
 * Share of the cycle elapsed on `date` (0 before the start, 1 after the end),
 * counting the end day as a full day. Null when a date is missing.
 */
export function cycleElapsedShare(start: string | null, end: string | null, date: string | null): number | null {
  if (!start || !end || !date) return null;
  const s = dayNumber(start);
  const e = dayNumber(end) + 1;
  const d = dayNumber(date) + 1; // the whole of `date` has been lived
  if (!(e > s) || Number.isNaN(d)) return null;
  return Math.min(1, Math.max(0, (d - s) / (e - s)));
}

/**
 * A node's status from its progress against the time elapsed in the cycle and
 * its latest confidence; whichever says worse wins. Done beats everything;
 * neither progress nor confidence → `no-data`.
 */
export function cascadeStatus(
  progress: number | null,
  confidence: number | null,
  elapsed: number | null,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): CascadeStatus {
  if (progress == null && confidence == null) return 'no-data';
  if (progress != null && progress >= 1) return 'done';
  const gap = progress != null && elapsed != null ? elapsed - progress : null;
  if ((confidence != null && confidence < thresholds.offTrackConfidence) || (gap != null && gap > thresholds.offTrackGap)) {
    return 'off-track';
  }
  if ((confidence != null && confidence < thresholds.atRiskConfidence) || (gap != null && gap > thresholds.atRiskGap)) {
    return 'at-risk';
  }
  return 'on-track';
}

/** Words for a status, for text alternatives and labels (colour is never the only sign). */
export const STATUS_LABELS: Record<CascadeStatus, string> = {
  done: 'Done',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  'no-data': 'No data',
  withheld: 'Withheld (under min-group)',
};
