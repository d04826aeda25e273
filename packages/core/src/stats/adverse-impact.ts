export interface ImpactGroupInput {
  group: string;
  n: number;
  /** How many in the group had the outcome (a top rating, a move up). */
  selected: number;
}

export interface ImpactGroup {
  group: string;
  n: number;
  selected: number;
  rate: number;
  /** Rate over the highest rate among the groups compared. */
  ratio: number | null;
  /** Ratio below four fifths (the EEOC Uniform Guidelines' rule of thumb). */
  adverse: boolean;
}

export interface AdverseImpact {
  groups: ImpactGroup[];
  /** Groups below the minimum size: neither shown nor compared. */
  suppressed_groups: number;
}

/**
 * The four-fifths rule: a group whose selection rate is below 80 % of the
 * highest group's rate shows adverse impact. Only groups of at least
 * `minGroup` people are compared or shown.
 */
export function fourFifths(groups: readonly ImpactGroupInput[], minGroup = 5): AdverseImpact {
  const large = groups.filter((g) => g.n >= minGroup && g.n > 0);
  const rates = large.map((g) => g.selected / g.n);
  const best = Math.max(0, ...rates);
  return {
    groups: large.map((g, i) => {
      const rate = rates[i]!;
      const ratio = best > 0 ? rate / best : null;
      return { group: g.group, n: g.n, selected: g.selected, rate, ratio, adverse: ratio !== null && ratio < 0.8 };
    }),
    suppressed_groups: groups.length - large.length,
  };
}
