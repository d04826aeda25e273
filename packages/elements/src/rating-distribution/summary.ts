import type { CalibrationReport } from '@plumb/core';

const fmt = (x: number | null, digits = 2) => (x === null ? '—' : (x > 0 ? '+' : '') + x.toFixed(digits));

/** The one-paragraph text alternative of the chart. */
export function summarySentence(report: CalibrationReport): string {
  if (report.privacy.suppressed) return report.privacy.message ?? 'Nothing to show.';
  const raters = report.raters.filter((r) => !r.flags.includes('pooled'));
  const parts: string[] = [];
  parts.push(
    `${report.org.n} ${report.filter.dimension ?? ''} ratings at the ${report.filter.stage} stage from ${report.org.raters} raters; organisation mean ${report.org.mean?.toFixed(2) ?? '—'}.`,
  );
  const byEffect = raters.filter((r) => r.shrunk_effect !== null);
  const top = byEffect[0];
  const bottom = byEffect.at(-1);
  if (top && bottom && top !== bottom) {
    parts.push(
      `Highest rater effect: ${top.label} (${fmt(top.shrunk_effect)} after shrinkage, n = ${top.n}); lowest: ${bottom.label} (${fmt(bottom.shrunk_effect)}, n = ${bottom.n}).`,
    );
  }
  const count = (flag: string) => raters.filter((r) => r.flags.includes(flag as never)).length;
  const flagged = [['lenient', count('lenient')], ['severe', count('severe')], ['central', count('central')], ['halo', count('halo')]]
    .filter(([, n]) => (n as number) > 0)
    .map(([f, n]) => `${n} ${f}`);
  parts.push(flagged.length ? `Flagged: ${flagged.join(', ')}.` : 'No rater is flagged.');
  const kw = report.kruskal_wallis;
  if (kw) {
    parts.push(
      kw.p < 0.05
        ? `Raters differ more than chance explains (Kruskal–Wallis H = ${kw.h.toFixed(1)}, p ${kw.p < 0.001 ? '< 0.001' : '= ' + kw.p.toFixed(3)}).`
        : `The differences between raters are within chance (Kruskal–Wallis p = ${kw.p.toFixed(2)}).`,
    );
  }
  if (report.icc1 !== null) parts.push(`Who the rater is explains ${Math.max(0, report.icc1 * 100).toFixed(0)} % of the rating variance.`);
  const pooled = report.raters.find((r) => r.flags.includes('pooled'));
  if (pooled) parts.push(`${pooled.raters} small teams are pooled (fewer than ${report.privacy.min_group} each).`);
  if (report.privacy.excluded_people > 0) {
    parts.push(`${report.privacy.excluded_people} people in groups smaller than ${report.privacy.min_group} are left out of every figure.`);
  }
  return parts.join(' ');
}

/** A one-line headline for projector mode: who rates high, who low, and whether it matters. */
export function projectorHeadline(report: CalibrationReport): string {
  if (report.privacy.suppressed) return report.privacy.message ?? 'Nothing to show.';
  const raters = report.raters.filter((r) => r.shrunk_effect !== null);
  const parts: string[] = [];
  const top = raters[0];
  const bottom = raters.at(-1);
  if (top && bottom && top !== bottom) parts.push(`Highest: ${top.label} (${fmt(top.shrunk_effect)}). Lowest: ${bottom.label} (${fmt(bottom.shrunk_effect)}).`);
  const kw = report.kruskal_wallis;
  if (kw) parts.push(kw.p < 0.05 ? 'Raters differ more than chance.' : 'Differences are within chance.');
  return parts.join(' ') || `${report.org.n} ratings.`;
}
