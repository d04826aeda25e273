import type { CalibrationReport } from '@plumb/core/queries';
import type { Formatter } from '../i18n/format.js';

/** A message lookup of the element's catalogue (`this.msg`). */
export type Translate = (key: string, params?: Record<string, string | number | null | undefined>) => string;

const signed = (fmt: Formatter, x: number | null) => (x === null ? fmt.number(null) : (x > 0 ? '+' : '') + fmt.number(x, 2));
const pValue = (fmt: Formatter, p: number) => (p < 0.001 ? `< ${fmt.number(0.001, 3)}` : `= ${fmt.number(p, 3)}`);

/** The one-paragraph text alternative of the chart. */
export function summarySentence(report: CalibrationReport, t: Translate, fmt: Formatter): string {
  const raters = report.raters.filter((r) => !r.flags.includes('pooled'));
  const parts: string[] = [];
  parts.push(
    t('summary.counts', {
      n: fmt.integer(report.org.n),
      dimension: report.filter.dimension ?? '',
      stage: t(`stage.${report.filter.stage}`),
      raters: fmt.integer(report.org.raters),
      mean: fmt.number(report.org.mean, 2),
    }),
  );
  const byEffect = raters.filter((r) => r.shrunk_effect !== null);
  const top = byEffect[0];
  const bottom = byEffect.at(-1);
  if (top && bottom && top !== bottom) {
    parts.push(
      t('summary.extremes', {
        top: top.label, topEffect: signed(fmt, top.shrunk_effect), topN: fmt.integer(top.n),
        bottom: bottom.label, bottomEffect: signed(fmt, bottom.shrunk_effect), bottomN: fmt.integer(bottom.n),
      }),
    );
  }
  // Counted over every shown rater (the report carries the rows drawn, the counts cover all).
  const flagged = (['lenient', 'severe', 'central', 'halo'] as const)
    .map((flag) => [flag, report.flagged[flag].raters] as const)
    .filter(([, n]) => n > 0)
    .map(([flag, n]) => t('summary.flag-count', { n: fmt.integer(n), flag: t(`flagword.${flag}`) }));
  parts.push(flagged.length ? t('summary.flagged', { list: fmt.list(flagged) }) : t('summary.no-flags'));
  const kw = report.kruskal_wallis;
  if (kw) {
    parts.push(kw.p < 0.05 ? t('summary.kw-differ', { h: fmt.number(kw.h, 1), p: pValue(fmt, kw.p) }) : t('summary.kw-chance', { p: fmt.number(kw.p, 2) }));
  }
  if (report.icc1 !== null) parts.push(t('summary.icc', { share: fmt.percent(Math.max(0, report.icc1)) }));
  const pooled = report.raters.find((r) => r.flags.includes('pooled'));
  const k = fmt.integer(report.privacy.min_group);
  if (pooled) parts.push(t('summary.pooled', { n: fmt.integer(pooled.raters), k }));
  if (report.privacy.excluded_people > 0) parts.push(t('summary.excluded', { n: fmt.integer(report.privacy.excluded_people), k }));
  if (report.privacy.cut_people > 0) parts.push(t('summary.cut', { n: fmt.integer(report.privacy.cut_people), k }));
  return parts.join(' ');
}

/**
 * The headline a room acts on, in counts: how far the ratings are from the guideline (in people),
 * and how many managers rate about a level higher or lower than the rest. The statistics behind it
 * are `summarySentence` (behind "How sure is this?").
 */
export function plainHeadline(report: CalibrationReport, t: Translate, fmt: Formatter, scope: string): string {
  const parts: string[] = [];
  const n = report.org.n;
  const gaps = report.scale
    .filter((s) => (s.guideline_share ?? 0) > 0)
    .map((s) => ({ value: s.value, gap: (report.org.counts[String(s.value)] ?? 0) - Math.round((s.guideline_share ?? 0) * n) }))
    // Worth saying: at least 2 people and 3 % of the group away from the guideline.
    .filter((g) => Math.abs(g.gap) >= Math.max(2, Math.round(n * 0.03)))
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap))
    .slice(0, 2);
  const hasGuideline = report.scale.some((s) => (s.guideline_share ?? 0) > 0);
  if (gaps.length) {
    parts.push(fmt.list(gaps.map((g) => t(g.gap > 0 ? 'plain.more' : 'plain.fewer', { n: fmt.integer(Math.abs(g.gap)), value: fmt.integer(g.value) }))));
  } else if (hasGuideline && n > 0) {
    parts.push(t('plain.on-guideline'));
  }
  for (const [flag, key] of [['lenient', 'plain.higher'], ['severe', 'plain.lower']] as const) {
    const { raters: count, mean_shrunk_effect: mean } = report.flagged[flag];
    if (!count) continue;
    parts.push(t(key, { n: fmt.integer(count), levels: levelsText(Math.abs(mean ?? 0), t, fmt) }));
  }
  // Raters shown alone (every row of the full list but the pool's).
  const alone = report.shown_raters - (report.raters.some((r) => r.flags.includes('pooled')) ? 1 : 0);
  if (alone > 1 && report.flagged.lenient.raters + report.flagged.severe.raters === 0) parts.push(t('plain.no-outliers'));
  if (!parts.length) return t('headline.counts', { n: fmt.integer(n) });
  return t('plain.headline', { scope, text: parts.join('; ') });
}

/** A difference in rating levels as a room says it: "half a level", "a level", "1.5 levels". */
function levelsText(levels: number, t: Translate, fmt: Formatter): string {
  const half = Math.max(0.5, Math.round(levels * 2) / 2);
  if (half === 0.5) return t('plain.half-level');
  if (half === 1) return t('plain.one-level');
  return t('plain.levels', { n: fmt.number(half, 1) });
}
