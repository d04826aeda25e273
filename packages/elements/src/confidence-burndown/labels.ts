/** A label to place at the end of a line, at (x, y) in plot px. */
export interface EndLabel {
  title: string;
  x: number;
  y: number;
}

/**
 * Labels at the last point of each line, nudged down so that labels ending
 * near the same place do not overprint (`gap` px apart at least).
 */
export function endLabels(lines: readonly { title: string; end: { x: number; y: number } | null }[], gap = 12): EndLabel[] {
  const labels = lines
    .filter((l) => l.end)
    .map((l) => ({ title: l.title, x: l.end!.x, y: l.end!.y }))
    .sort((a, b) => a.y - b.y || a.title.localeCompare(b.title));
  for (let i = 1; i < labels.length; i++) {
    const prev = labels[i - 1]!;
    const cur = labels[i]!;
    if (Math.abs(cur.x - prev.x) < 60 && cur.y - prev.y < gap) cur.y = prev.y + gap;
  }
  return labels;
}
