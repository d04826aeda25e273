import { keyResultDirection, keyResultProgress } from '../okr/progress.js';
import type { CascadeKeyResultRow, ValueSource } from './types.js';

export interface KeyResultValue {
  current_value: number | null;
  progress: number | null;
  stated_progress: number | null;
  confidence: number | null;
  source: ValueSource;
  direction: 'increase' | 'decrease' | null;
}

function clampShare(x: number | null): number | null {
  return x == null || !Number.isFinite(x) ? null : Math.min(1, Math.max(0, x));
}

/**
 * A key result's current state: the latest check-in (as of the date asked),
 * else the export's snapshot on the key-result row, else nothing. The
 * snapshot is undated, so a replay (`replay` true) never uses it: it would
 * leak a later value into the past. Progress is computed from the value
 * (`keyResultProgress`); a stated progress is used only when no value can
 * give one, and is always kept beside it.
 */
export function keyResultValue(row: CascadeKeyResultRow, replay: boolean): KeyResultValue {
  const direction = keyResultDirection(row.start_value, row.target_value);
  let current: number | null = null;
  let stated: number | null = null;
  let source: ValueSource = null;
  if (row.checkin_value != null || row.checkin_progress != null) {
    current = row.checkin_value;
    stated = row.checkin_progress;
    source = 'check-in';
  } else if (!replay && (row.snapshot_value != null || row.snapshot_progress != null)) {
    current = row.snapshot_value;
    stated = row.snapshot_progress;
    source = 'snapshot';
  }
  const computed = keyResultProgress(row.start_value, row.target_value, current);
  const confidence = row.checkin_confidence ?? (replay ? null : row.snapshot_confidence);
  return {
    current_value: current,
    progress: computed ?? clampShare(stated),
    stated_progress: stated,
    confidence: clampShare(confidence),
    source: source ?? (confidence != null ? (row.checkin_confidence != null ? 'check-in' : 'snapshot') : null),
    direction,
  };
}
