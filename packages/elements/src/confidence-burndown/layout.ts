import {
  RULE_LABELS,
  groupBand,
  pointExpected,
  pointValue,
  type BurndownAlert,
  type BurndownGroupBy,
  type BurndownMeasure,
  type BurndownResult,
  type GroupSeries,
  type KeyResultSeries,
} from '@plumb/core/queries';
import { burndownScales, chartFrame, multiplesGrid, todayPosition, weekTicks, type ChartFrame } from './scales.js';
import { bandPath, linePath } from './paths.js';
import { chooseDisplay, type BurndownDisplay } from './display.js';
import { endLabels, type EndLabel } from './labels.js';
import { panelGroups } from './panels.js';
import { groupName, groupSentence, thresholdPhrase, type BurndownText } from './summary.js';

/**
 * The burn-down's geometry as pure functions of (result, size, options, text): no DOM, no `this`.
 * The element draws what these return; test/confidence-burndown-layout.test.ts snapshots them on
 * the seeded sample, so a changed picture is a reviewed diff.
 */

/** One keyboard/hover stop in a panel. */
export interface ChartItem {
  x: number;
  y: number;
  label: string;
  kind: 'point' | 'median' | 'alert';
  carried?: boolean;
  alert?: BurndownAlert;
  /** Alerts this marker stands for (band mode aggregates a week's alerts). */
  count?: number;
}

/** A row of stops: one series (left/right moves along it; up/down between rows). */
export interface ChartRow {
  label: string;
  items: ChartItem[];
}

export interface PanelLine {
  id: string;
  title: string;
  path: string;
  atRisk: boolean;
  end: { x: number; y: number } | null;
}

export interface PanelLayout {
  key: string;
  /** The group's name in small multiples, '' for the single chart. */
  title: string;
  groupId: string | null;
  mode: 'lines' | 'band';
  sentence: string;
  suppressed: boolean;
  frame: ChartFrame;
  /** Horizontal grid lines with their labels (y in plot px). */
  grid: { y: number; label: string }[];
  ticks: { x: number; label: string }[];
  ruleWeek: { x: number; label: string } | null;
  today: { x: number; label: string } | null;
  threshold: { y: number; label: string } | null;
  band: string;
  median: string;
  expected: string;
  lines: PanelLine[];
  /** End-of-line labels (single chart only), shortened; the full title is in `title`. */
  endLabels: (EndLabel & { text: string })[];
  rows: ChartRow[];
  /** The chart's accessible name (capped). */
  ariaLabel: string;
}

export interface BurndownLayoutOptions {
  width: number;
  /** Height of the single chart; small multiples use 65 % of it. */
  chartHeight: number;
  by: BurndownGroupBy;
  measure: BurndownMeasure;
  display: BurndownDisplay;
  maxLines: number;
  maxPanels: number;
  /** The minimum group (for the suppressed-group sentence). */
  minGroup?: number;
  /** Least vertical distance between two end-of-line labels (px); larger type needs more. Default 12. */
  labelGap?: number;
}

export interface BurndownLayout {
  multiples: boolean;
  columns: number;
  panels: PanelLayout[];
  /** Groups not drawn (above `maxPanels`), all still in the table. */
  hiddenGroups: number;
}

/**
 * The width the charts get inside `hostWidth`: the whole width, or beside the alert list (the
 * styles' container query puts it there at 760 px and wider: `minmax(0, 1fr) minmax(220px, 32%)`, gap 12).
 */
export function chartColumnWidth(hostWidth: number, beside: boolean): number {
  if (!beside || hostWidth < 760) return hostWidth;
  return Math.floor(hostWidth - Math.max(220, hostWidth * 0.32) - 12);
}

/** Longest accessible name or tooltip built from data (a 100,000-character title stays readable). */
export const MAX_LABEL = 300;

/** `text` cut to `max` characters with an ellipsis. */
export function capText(text: string, max = MAX_LABEL): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Line-end labels stay short; the full title is in the tooltip and the table. */
const shortLabel = (title: string, max = 30): string => capText(title, max);

/** The owner as shown: the (pseudonymous, when anonymized) name, else the id, else "no owner". */
export function ownerText(row: { owner_name: string | null; owner_id: string | null }, t: BurndownText): string {
  return row.owner_name ?? row.owner_id ?? t.msg('owner.none');
}

/** A built-in rule's kind from its alert (custom rules have none). */
function builtInKind(alert: BurndownAlert): keyof typeof RULE_LABELS | null {
  const kind = (Object.keys(RULE_LABELS) as (keyof typeof RULE_LABELS)[]).find((k) => RULE_LABELS[k] === alert.rule_label);
  return kind ?? null;
}

/** The rule's label in the element's language (custom rules keep their own). */
export function ruleLabel(alert: BurndownAlert, t: BurndownText): string {
  const kind = builtInKind(alert);
  return kind ? t.msg(`rule.${kind}`) : alert.rule_label;
}

/** The alert's sentence in the element's language, from its values (custom rules keep their own). */
export function alertMessage(alert: BurndownAlert, ruleWeek: number, t: BurndownText): string {
  const kind = builtInKind(alert);
  if (!kind) return alert.message;
  const v = alert.values;
  const pct = (x: number | null | undefined) => t.fmt.percent(x ?? null);
  const confidence = v.confidence_raw ? `${pct(v.confidence)} (${v.confidence_raw})` : pct(v.confidence);
  const params = {
    week: alert.week,
    confidence,
    previous: pct(v.previous_confidence),
    progress: pct(v.progress),
    expected: pct(v.expected),
    threshold: pct(v.threshold),
    silent: v.silent_weeks ?? null,
    from: ruleWeek,
  };
  if (kind === 'divergence') return t.msg(v.variant === 'confident-but-behind' ? 'message.confident-but-behind' : 'message.on-track-but-unconfident', params);
  return t.msg(`message.${kind}`, params);
}

/** Which groups become panels, with their series and alerts. */
function panelSources(
  result: BurndownResult,
  o: BurndownLayoutOptions,
): { group: GroupSeries | null; series: KeyResultSeries[] | null; alerts: BurndownAlert[]; single: boolean }[] {
  const single = o.by === 'cycle' || o.by === 'key_result' || result.groups.length <= 1;
  const groups: (GroupSeries | null)[] = single ? [result.groups[0] ?? null] : panelGroups(result.groups, o.maxPanels).shown;
  return groups.map((group) => {
    let series = result.series;
    let alerts = result.alerts;
    if (!single && group) {
      const match = (v: { team_id: string | null; objective_id: string; department: string | null }) =>
        o.by === 'team' ? v.team_id === group.group_id : o.by === 'objective' ? v.objective_id === group.group_id : v.department === group.group_id;
      series = series?.filter(match) ?? null;
      alerts = alerts.filter(match);
    }
    return { group, series, alerts, single };
  });
}

/** The whole burn-down: panels (one, or small multiples in a grid) for `width` px. */
export function burndownLayout(result: BurndownResult, o: BurndownLayoutOptions, t: BurndownText): BurndownLayout {
  const sources = panelSources(result, o);
  const multiples = sources.length > 1;
  const grid = multiplesGrid(o.width, sources.length);
  const panelWidth = (multiples ? grid.panelWidth : o.width) - 14;
  const height = multiples ? Math.round(o.chartHeight * 0.65) : o.chartHeight;
  const panels = sources.map((s, i) => layoutPanel(result, s, i, Math.max(160, panelWidth), height, multiples, o, t));
  return { multiples, columns: multiples ? grid.columns : 1, panels, hiddenGroups: multiples ? result.groups.length - panels.length : 0 };
}

function layoutPanel(
  result: BurndownResult,
  source: ReturnType<typeof panelSources>[number],
  index: number,
  width: number,
  height: number,
  multiples: boolean,
  o: BurndownLayoutOptions,
  t: BurndownText,
): PanelLayout {
  const { group, series, alerts } = source;
  const measure = o.measure;
  const measureLower = t.msg(`measure.${measure}.lower`);
  const frame = chartFrame(width, height, multiples);
  const weekCount = result.cycle.weeks.length;
  const scales = burndownScales(frame, weekCount);
  // By key result, lines are the point: auto means lines whenever the series were fetched.
  const wanted = o.by === 'key_result' && o.display === 'auto' ? 'lines' : o.display;
  const mode = chooseDisplay(wanted, series?.length ?? null, o.maxLines);
  const suppressed = !!group?.suppressed;
  const title = source.single ? '' : group ? groupName(group, t) : '';
  const sentence = group ? groupSentence(group, measure, result.threshold, t, o.minGroup) : '';
  const pct = (v: number | null | undefined) => t.fmt.percent(v ?? null);
  const today = todayPosition(result.cycle.current_week, weekCount);
  const out: PanelLayout = {
    key: group?.group_id ?? `panel-${index}`,
    title,
    groupId: group?.group_id ?? null,
    mode,
    sentence,
    suppressed,
    frame,
    grid: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: scales.y(v), label: pct(v) })),
    ticks: weekTicks(weekCount, frame.innerWidth).map((w) => ({ x: scales.x(w), label: t.msg('axis.week', { week: w }) })),
    ruleWeek: result.rule_week <= weekCount ? { x: scales.x(result.rule_week), label: t.msg('marker.rule-week', { week: result.rule_week }) } : null,
    today: today != null ? { x: scales.x(today), label: t.msg('marker.today') } : null,
    threshold:
      measure === 'confidence'
        ? { y: scales.y(result.threshold), label: t.msg(result.threshold === 0.5 ? 'marker.midpoint' : 'marker.threshold', { pct: pct(result.threshold) }) }
        : null,
    band: '',
    median: '',
    expected: '',
    lines: [],
    endLabels: [],
    rows: [],
    ariaLabel: '',
  };
  out.ariaLabel = capText(
    t.msg('chart.label', { title: title ? `${title}: ` : '', measure: t.msg(`measure.${measure}`), weeks: weekCount, sentence }),
    MAX_LABEL * 2,
  );
  const alertsByKr = new Set(alerts.map((a) => a.key_result_id));
  if (mode === 'lines' && series) {
    if (measure !== 'confidence') {
      const n = weekCount;
      const linear = result.cycle.weeks.map((w) => ({ week: w.week, value: measure === 'progress' ? w.week / n : 1 - w.week / n }));
      out.expected = linePath(linear, scales);
    }
    for (const s of series) {
      const values = s.points.map((p) => ({ week: p.week, value: pointValue(p, measure) }));
      const krTitle = s.title ?? s.key_result_id;
      const last = [...values].reverse().find((v) => v.value != null);
      out.lines.push({
        id: s.key_result_id,
        title: capText(krTitle),
        path: linePath(values, scales),
        atRisk: alertsByKr.has(s.key_result_id),
        end: last ? { x: scales.x(last.week), y: scales.y(last.value!) } : null,
      });
      out.rows.push({
        label: capText(krTitle),
        items: s.points
          .map((p) => ({ p, v: pointValue(p, measure) }))
          .filter(({ v }) => v != null)
          .map(({ p, v }) => {
            const expected = pointExpected(p, measure);
            return {
              x: scales.x(p.week),
              y: scales.y(v!),
              kind: 'point' as const,
              carried: p.carried,
              label: capText(
                t.msg('point.label', {
                  title: krTitle,
                  week: p.week,
                  measure: measureLower,
                  value: pct(v),
                  raw: p.confidence_raw && measure === 'confidence' ? ` (${p.confidence_raw})` : '',
                  state: p.carried ? t.msg('point.carried', { n: p.silent_weeks }) : t.msg('point.checked'),
                  expected: expected != null ? t.msg('point.expected', { pct: pct(expected) }) : '',
                }),
              ),
            };
          }),
      });
    }
    const alertItems = alerts
      .filter((a) => a.week >= 1)
      .map((a) => {
        const s = series.find((x) => x.key_result_id === a.key_result_id);
        const point = s?.points.find((p) => p.week === a.week);
        const v = point ? pointValue(point, measure) : null;
        return {
          x: scales.x(a.week),
          y: v == null ? frame.innerHeight : scales.y(v),
          kind: 'alert' as const,
          alert: a,
          label: capText(
            t.msg('alert.label', {
              week: a.week,
              rule: ruleLabel(a, t),
              title: a.key_result_title ?? a.key_result_id,
              owner: ownerText(a, t),
              message: alertMessage(a, result.rule_week, t),
            }),
          ),
        };
      })
      .sort((a, b) => a.x - b.x);
    if (alertItems.length) out.rows.push({ label: t.msg('row.alerts'), items: alertItems });
    if (!multiples) {
      out.endLabels = endLabels(out.lines, o.labelGap ?? 12).map((l) => ({ ...l, x: l.x + 8, text: shortLabel(l.title) }));
    }
  } else if (group && !suppressed) {
    const weeks = group.weeks.map((w) => ({ w, b: groupBand(w, measure) }));
    out.band = bandPath(weeks.map(({ w, b }) => ({ week: w.week, q1: b.q1, q3: b.q3 })), scales);
    out.median = linePath(weeks.map(({ w, b }) => ({ week: w.week, value: b.median })), scales);
    if (measure !== 'confidence') out.expected = linePath(weeks.map(({ w, b }) => ({ week: w.week, value: b.expected })), scales);
    out.rows.push({
      label: t.msg('row.median'),
      items: weeks
        .filter(({ b }) => b.median != null)
        .map(({ w, b }) => ({
          x: scales.x(w.week),
          y: scales.y(b.median!),
          kind: 'median' as const,
          label: t.msg('median.label', {
            week: w.week,
            measure: measureLower,
            median: pct(b.median),
            q1: pct(b.q1),
            q3: pct(b.q3),
            rest:
              measure === 'confidence'
                ? t.msg('median.below', { below: t.fmt.integer(w.below), with: t.fmt.integer(w.with_confidence), phrase: thresholdPhrase(result.threshold, t) })
                : t.msg('median.behind', { expected: pct(b.expected), behind: t.fmt.integer(w.behind), with: t.fmt.integer(w.with_progress) }),
          }),
        })),
    });
    // Alerts aggregated per week: a count marker at the bottom of the plot.
    const perWeek = new Map<number, BurndownAlert[]>();
    for (const a of alerts) perWeek.set(a.week, [...(perWeek.get(a.week) ?? []), a]);
    const items = [...perWeek.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([week, list]) => ({
        x: scales.x(week),
        y: frame.innerHeight,
        kind: 'alert' as const,
        alert: list[0]!,
        count: list.length,
        label: t.msg('alert.week', { week, n: list.length, rules: t.fmt.list([...new Set(list.map((a) => ruleLabel(a, t)))]) }),
      }));
    if (items.length) out.rows.push({ label: t.msg('row.alerts'), items });
  }
  return out;
}
