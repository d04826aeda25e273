import type { CalibrationReport } from '@plumb/core';
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
  const flagged = (['lenient', 'severe', 'central', 'halo'] as const)
    .map((flag) => [flag, raters.filter((r) => r.flags.includes(flag)).length] as const)
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

/** A one-line headline for projector mode: who rates high, who low, and whether it matters. */
export function projectorHeadline(report: CalibrationReport, t: Translate, fmt: Formatter): string {
  const raters = report.raters.filter((r) => r.shrunk_effect !== null);
  const parts: string[] = [];
  const top = raters[0];
  const bottom = raters.at(-1);
  if (top && bottom && top !== bottom) {
    parts.push(t('headline.extremes', { top: top.label, topEffect: signed(fmt, top.shrunk_effect), bottom: bottom.label, bottomEffect: signed(fmt, bottom.shrunk_effect) }));
  }
  const kw = report.kruskal_wallis;
  if (kw) parts.push(kw.p < 0.05 ? t('headline.differ') : t('headline.chance'));
  return parts.join(' ') || t('headline.counts', { n: fmt.integer(report.org.n) });
}

/** One scale value's departure from the guideline in people (positive: more than the guideline). */
export interface GuidelineGap {
  value: number;
  count: number;
  /** The guideline's share of the people, rounded to whole people. */
  expected: number;
  difference: number;
}

/**
 * The distribution against the guideline in whole people, largest departures first (values that
 * match are left out). Empty when the scale has no guideline or nobody is rated.
 */
export function guidelineGaps(report: Pick<CalibrationReport, 'scale' | 'org'>): GuidelineGap[] {
  if (!report.scale.some((s) => (s.guideline_share ?? 0) > 0) || report.org.n === 0) return [];
  const gaps = report.scale.map((s, i) => {
    const count = report.org.counts[String(s.value)] ?? Math.round((report.org.shares[i] ?? 0) * report.org.n);
    const expected = Math.round((s.guideline_share ?? 0) * report.org.n);
    return { value: s.value, count, expected, difference: count - expected };
  });
  return gaps.filter((g) => g.difference !== 0).sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.value - b.value);
}

/** "Against the guideline: 3 more 4s, 2 fewer 2s." (or that it matches), in plain counts. */
export function guidelineSentence(report: Pick<CalibrationReport, 'scale' | 'org' | 'filter'>, t: Translate, fmt: Formatter): string | null {
  if (!report.scale.some((s) => (s.guideline_share ?? 0) > 0) || report.org.n === 0) return null;
  const gaps = guidelineGaps(report);
  const stage = t(`stage.${report.filter.stage}`);
  if (gaps.length === 0) return t('guideline.matches', { stage });
  const parts = gaps.map((g) =>
    t(g.difference > 0 ? 'guideline.more' : 'guideline.fewer', { n: fmt.integer(Math.abs(g.difference)), value: fmt.number(g.value, 2), expected: fmt.integer(g.expected) }),
  );
  return t('guideline.against', { stage, list: fmt.list(parts) });
}
