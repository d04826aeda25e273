// Apart from the session's log, so a view that asks for a reason before a move (the nine-box, the calibration table)
// does not download the log's rules, which load with the session's workings.

/** When a move needs a reason: every change, moves of two levels or more (default), or never. */
export type ReasonPolicy = 'always' | 'two-levels' | 'never';

/** Whether a move from `from` to `to` needs a reason under `policy`. */
export function reasonRequired(policy: ReasonPolicy, from: number | null, to: number | null): boolean {
  if (policy === 'never' || from === to) return false;
  if (policy === 'always') return true;
  return from !== null && to !== null && Math.abs(to - from) >= 2;
}
