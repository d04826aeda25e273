/**
 * A key result's progress: how far the value has moved from start toward
 * target, as a share of the whole distance. Works for decreasing targets
 * (start 40 → target 10) because the distance is signed. `null` when it is
 * undefined: a missing value, or target equal to start.
 */
export function keyResultProgress(
  start: number | null | undefined,
  target: number | null | undefined,
  current: number | null | undefined,
  options: { clamp?: boolean } = {},
): number | null {
  if (start == null || target == null || current == null) return null;
  if (!Number.isFinite(start) || !Number.isFinite(target) || !Number.isFinite(current)) return null;
  const distance = target - start;
  if (distance === 0) return null;
  const share = (current - start) / distance;
  return options.clamp === false ? share : Math.min(1, Math.max(0, share));
}

/** 'increase' when the target is above the start, 'decrease' below, null when equal or unknown. */
export function keyResultDirection(
  start: number | null | undefined,
  target: number | null | undefined,
): 'increase' | 'decrease' | null {
  if (start == null || target == null || start === target) return null;
  return target > start ? 'increase' : 'decrease';
}
