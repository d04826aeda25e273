/** One cell of before → after movement: how many people went from `before` to `after`. */
export interface MoveCount {
  before: number;
  after: number;
  n: number;
}

export interface TransitionSummary {
  n: number;
  up: number;
  down: number;
  same: number;
  /** People whose rating moved by two scale steps or more (either way). */
  big_moves: number;
  mean_move: number | null;
  /** matrix[i][j] = people from scale[i] (before) to scale[j] (after). */
  scale: number[];
  matrix: number[][];
}

/**
 * Summarise calibration moves. "Steps" are positions on the scale, so a move
 * from 1 to 3 on a 1–5 scale is two steps even if the scale had gaps.
 */
export function summariseTransitions(moves: readonly MoveCount[], scale: readonly number[], bigStep = 2): TransitionSummary {
  const values = [...new Set([...scale, ...moves.flatMap((m) => [m.before, m.after])])].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const matrix = values.map(() => values.map(() => 0));
  let n = 0, up = 0, down = 0, same = 0, big = 0, moveSum = 0;
  for (const m of moves) {
    const i = index.get(m.before)!;
    const j = index.get(m.after)!;
    matrix[i]![j]! += m.n;
    n += m.n;
    if (j > i) up += m.n;
    else if (j < i) down += m.n;
    else same += m.n;
    if (Math.abs(j - i) >= bigStep) big += m.n;
    moveSum += m.n * (m.after - m.before);
  }
  return { n, up, down, same, big_moves: big, mean_move: n ? moveSum / n : null, scale: values, matrix };
}
