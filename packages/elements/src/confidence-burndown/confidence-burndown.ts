import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import {
  BURNDOWN_MEASURES,
  burndown,
  groupBand,
  pointExpected,
  pointValue,
  type BurndownAlert,
  type BurndownGroupBy,
  type BurndownMeasure,
  type BurndownOptions,
  type BurndownResult,
  type BurndownRule,
  type Connector,
  type GroupSeries,
  type KeyResultSeries,
} from '@plumb/core';
import { plumbDataContext, type PlumbDataSource } from '../data/context.js';
import { QueryController } from '../data/query-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { confidenceBurndownStyles } from './confidence-burndown.styles.js';
import { burndownScales, chartFrame, multiplesGrid, todayPosition, weekTicks, type BurndownScales, type ChartFrame } from './scales.js';
import { bandPath, linePath, trianglePath } from './paths.js';
import { chooseDisplay, type BurndownDisplay } from './display.js';
import { endLabels } from './labels.js';
import { panelGroups } from './panels.js';
import { burndownSummary, groupSentence, thresholdPhrase } from './summary.js';

/** One keyboard/hover stop in a panel. */
interface ChartItem {
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
interface ChartRow {
  label: string;
  items: ChartItem[];
}
interface Panel {
  key: string;
  title: string;
  group: GroupSeries | null;
  groupId: string | null;
  mode: 'lines' | 'band';
  sentence: string;
  lines: { id: string; title: string; path: string; atRisk: boolean; end: { x: number; y: number } | null }[];
  band: string;
  median: string;
  expected: string;
  rows: ChartRow[];
  /** The key result series and alerts that belong to this panel. */
  series: KeyResultSeries[] | null;
  alerts: BurndownAlert[];
}

/** Line-end labels stay short; the full title is in the tooltip and the table. */
const shortLabel = (title: string, max = 30): string => (title.length > max ? `${title.slice(0, max - 1)}…` : title);

const pct = (v: number | null | undefined): string => (v == null ? '—' : `${Math.round(v * 100)}%`);
const MEASURE_LABEL: Record<BurndownMeasure, string> = { confidence: 'Confidence', progress: 'Progress', remaining: 'Remaining' };

/**
 * @summary Confidence and progress through a cycle, week by week, with the
 * at-risk rules that should trigger a conversation (week 4, not week 11).
 *
 * Lines per key result for a small set, the median with its inter-quartile
 * band for a large one, small multiples per team / objective / department.
 * Week 1 is the first 7 days of the cycle; the rule-week marker sits at the
 * end of week `rule-week`.
 *
 * @event plumb-alert - One per alert of each new result; `detail` is the `BurndownAlert`. Bubbles, composed.
 * @event plumb-select - When a small-multiple title is activated; `detail` is the `PlumbSelection`.
 *
 * @csspart summary - The summary sentence.
 * @csspart chart - Each panel's SVG.
 * @csspart panel - Each panel (one, or one per group).
 * @csspart alerts - The alert list (replace it with the `alerts` slot).
 * @csspart readout - The line describing the focused or hovered point.
 * @csspart table - The data-table alternative.
 * @csspart state - Loading / empty / error messages.
 *
 * @slot alerts - Replaces the built-in alert list.
 *
 * @cssproperty --plumb-burndown-line-color - Key result lines and the median.
 * @cssproperty --plumb-burndown-band-color - The inter-quartile band.
 * @cssproperty --plumb-burndown-threshold-color - The threshold line.
 * @cssproperty --plumb-burndown-marker-color - The rule-week and today markers.
 * @cssproperty --plumb-burndown-alert-color - Alert markers and at-risk lines.
 */
export class PlumbConfidenceBurndown extends LitElement {
  static override styles = [themeStyles, confidenceBurndownStyles];

  /** A connector to query; otherwise the enclosing `<plumb-data>`'s. */
  @property({ attribute: false }) connector: Connector | undefined;

  @consume({ context: plumbDataContext, subscribe: true })
  @state()
  dataSource: PlumbDataSource | undefined;

  /** Cycle id; default the OKR cycle containing today (else the latest). */
  @property() cycle: string | undefined;
  /** Grouping: `cycle` (everything), `key_result` (lines), or small multiples per `team`, `objective`, `department`. */
  @property() by: BurndownGroupBy = 'cycle';
  @property() measure: BurndownMeasure = 'confidence';
  /** Confidence (0–1) strictly below which a key result is at risk. */
  @property({ type: Number }) threshold = 0.5;
  /** Week (1-based, week 1 = the cycle's first 7 days) from which below-threshold alerts fire. */
  @property({ type: Number, attribute: 'rule-week' }) ruleWeek = 4;
  /** ISO date the chart is as of ("today"); default the real today. */
  @property({ attribute: 'as-of' }) asOf: string | undefined;
  /** `auto` switches from lines to the median band above `max-lines` key results. */
  @property() display: BurndownDisplay = 'auto';
  @property({ type: Number, attribute: 'max-lines' }) maxLines = 12;
  /** Small multiples drawn at most; above it, the groups with the largest share below the threshold. */
  @property({ type: Number, attribute: 'max-panels' }) maxPanels = 12;
  @property({ attribute: 'key-result-id' }) keyResultId: string | undefined;
  @property({ attribute: 'objective-id' }) objectiveId: string | undefined;
  @property({ attribute: 'team-id' }) teamId: string | undefined;
  @property() department: string | undefined;
  /** Follow the shared selection (`selection.team_id` filters to that team). `linked="false"` opts out. */
  @property({ converter: { fromAttribute: (v: string | null) => v !== 'false', toAttribute: (v: boolean) => String(v) } })
  linked = true;
  /** Hide owner names (projection). */
  @property({ type: Boolean, attribute: 'hide-names' }) hideNames = false;
  /** Rules to run (default: the built-in ones); add an embedder rule with `[...DEFAULT_RULES, rule]`. */
  @property({ attribute: false }) rules: readonly BurndownRule[] | undefined;
  /** Height of the single chart, px (small multiples use 65% of it). */
  @property({ type: Number, attribute: 'chart-height' }) chartHeight = 280;

  @state() private width = 640;
  @state() private readout = '';
  /** Roving focus: which panel/row/item holds the tab stop. */
  @state() private active: { panel: number; row: number; item: number } | null = null;

  private readonly query = new QueryController<BurndownResult>(this, (connector) => burndown(connector, this.queryOptions()));
  private resizeObserver: ResizeObserver | undefined;
  private announced: BurndownResult | undefined;

  private get effectiveConnector(): Connector | undefined {
    return this.connector ?? (this.dataSource?.connector ?? undefined);
  }

  private get selectedTeam(): string | undefined {
    if (!this.linked) return undefined;
    const sel = this.dataSource?.selection;
    if (!sel || sel.source === this) return undefined;
    return sel.team_id ?? (sel.kind === 'team' ? sel.id : undefined) ?? undefined;
  }

  /** The named core query's options for the current attributes and selection. */
  queryOptions(): BurndownOptions {
    const options: BurndownOptions = {
      by: this.by === 'key_result' ? 'cycle' : this.by,
      threshold: this.threshold,
      ruleWeek: this.ruleWeek,
      // Per key result series are fetched only when they will be drawn as lines.
      seriesLimit: this.display === 'lines' || this.by === 'key_result' ? Math.max(200, this.maxLines) : this.maxLines,
    };
    if (this.by !== 'cycle' && this.by !== 'key_result') options.seriesLimit = this.maxLines * 4;
    if (this.cycle) options.cycleId = this.cycle;
    if (this.asOf) options.asOf = this.asOf;
    if (this.keyResultId) options.keyResultIds = this.keyResultId.split(',').map((s) => s.trim()).filter(Boolean);
    if (this.objectiveId) options.objectiveId = this.objectiveId;
    const team = this.teamId ?? this.selectedTeam;
    if (team) options.teamId = team;
    if (this.department) options.department = this.department;
    if (this.rules) options.rules = this.rules;
    // The weekly series stay in DuckDB until the data version moves (or refresh()).
    options.cacheKey = `${this.dataSource?.version ?? 0}:${this.refreshCount}`;
    // Only the drawn distribution (remaining is the mirror of progress).
    options.measures = [this.measure === 'confidence' ? 'confidence' : 'progress'];
    return options;
  }

  private refreshCount = 0;

  /** Re-read the data (after changing tables behind a `.connector` that has no version). */
  refresh(): void {
    this.refreshCount++;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The charts' width is their column's (beside the alert list on wide hosts), not the host's.
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w && Math.abs(w - this.width) >= 1) this.width = Math.floor(w);
    });
    this.resizeObserver.observe(this);
  }

  private observedColumn: Element | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  protected override willUpdate(_changed: PropertyValues): void {
    const connector = this.effectiveConnector;
    const { rules: _rules, ...keyed } = this.queryOptions();
    // Rules are functions; a new array (identity) re-runs.
    const key = JSON.stringify([keyed, this.dataSource?.version ?? 0, this.rulesVersion()]);
    // Only on a change of inputs (the connector's identity included).
    if (!connector || (key === this.lastKey && connector === this.lastConnector)) return;
    this.lastKey = key;
    this.lastConnector = connector;
    this.query.invalidate();
    this.query.update(connector, key);
  }

  private lastKey: string | undefined;
  private lastConnector: Connector | undefined;

  private rulesSeen: readonly BurndownRule[] | undefined;
  private rulesCounter = 0;
  private rulesVersion(): number {
    if (this.rules !== this.rulesSeen) {
      this.rulesSeen = this.rules;
      this.rulesCounter++;
    }
    return this.rulesCounter;
  }

  protected override updated(): void {
    const column = this.renderRoot.querySelector('.chart-column');
    if (column !== this.observedColumn) {
      if (this.observedColumn) this.resizeObserver?.unobserve(this.observedColumn);
      else this.resizeObserver?.unobserve(this);
      this.observedColumn = column;
      this.resizeObserver?.observe(column ?? this);
    }
    const result = this.query.value;
    if (this.query.status === 'ready' && result && result !== this.announced) {
      this.announced = result;
      this.active = null;
      for (const alert of result.alerts) {
        this.dispatchEvent(new CustomEvent<BurndownAlert>('plumb-alert', { detail: alert, bubbles: true, composed: true }));
      }
    }
  }

  /** `loading` while a query runs, then `ready` or `error` (for embedders and tests). */
  get status(): 'idle' | 'loading' | 'ready' | 'error' {
    return this.query.status;
  }

  /** The latest result (for embedders and tests). */
  get result(): BurndownResult | undefined {
    return this.query.value;
  }

  private owner(alert: { owner_name: string | null; owner_id: string | null }): string {
    if (this.hideNames) return 'owner hidden';
    return alert.owner_name ?? alert.owner_id ?? 'no owner';
  }

  override render(): TemplateResult {
    if (!this.effectiveConnector) {
      return stateView('empty', 'No data: set the connector property or place this element inside <plumb-data>.');
    }
    if (!BURNDOWN_MEASURES.includes(this.measure)) {
      return stateView('error', `Unknown measure "${String(this.measure)}": use ${BURNDOWN_MEASURES.join(', ')}.`);
    }
    const { status, value: result, error } = this.query;
    if (status === 'error') return stateView('error', `Could not draw the burn-down: ${error?.message ?? 'unknown error'}`);
    if (!result) return stateView('loading', 'Loading the burn-down…');
    if (result.key_results === 0) {
      return stateView('empty', `No key results to show in cycle ${result.cycle.name ?? result.cycle.cycle_id}.`);
    }
    const panels = this.panels(result);
    const multiples = panels.length > 1;
    const grid = multiplesGrid(this.width, panels.length);
    const panelWidth = multiples ? grid.panelWidth : this.width;
    const height = multiples ? Math.round(this.chartHeight * 0.65) : this.chartHeight;
    return html`
      <p class="summary" part="summary" aria-live="polite">${burndownSummary(result, this.measure)}</p>
      ${this.legend(result, panels)}
      <div class="layout ${multiples ? '' : 'beside'}" aria-busy=${status === 'loading' ? 'true' : 'false'}>
        <div class="chart-column">
          <div class="panels" style="grid-template-columns: repeat(${grid.columns}, minmax(0, 1fr))">
            ${panels.map((p, i) => this.renderPanel(result, p, i, panelWidth - 14, height, multiples))}
          </div>
          ${multiples && result.groups.length > panels.length
            ? html`<p class="readout">Showing the ${panels.length} of ${result.groups.length} groups with the largest share ${thresholdPhrase(result.threshold)}; all are in the data table.</p>`
            : nothing}
          <p class="readout" part="readout" aria-live="polite">${this.readout}</p>
        </div>
        <div part="alerts" class="alerts">
          <slot name="alerts">${this.alertList(result)}</slot>
        </div>
      </div>
      <details>
        <summary>Data table</summary>
        ${this.table(result, panels)}
      </details>
      ${result.check_ins_after_cycle > 0
        ? html`<p class="readout">${result.check_ins_after_cycle} check-ins dated after the cycle end are not drawn.</p>`
        : nothing}
    `;
  }

  private legend(result: BurndownResult, panels: Panel[]): TemplateResult {
    const lines = panels.some((p) => p.mode === 'lines');
    const band = panels.some((p) => p.mode === 'band');
    const item = (shape: TemplateResult, text: string) =>
      html`<span><svg width="22" height="12" aria-hidden="true">${shape}</svg> ${text}</span>`;
    return html`<div class="legend" aria-hidden="true">
      ${band ? item(svg`<rect class="band" x="0" y="1" width="22" height="10"></rect><line class="median" x1="0" x2="22" y1="6" y2="6"></line>`, 'Median and middle half') : nothing}
      ${lines ? item(svg`<circle class="point" cx="6" cy="6" r="4"></circle>`, 'Check-in') : nothing}
      ${lines ? item(svg`<circle class="point carried" cx="6" cy="6" r="4"></circle>`, 'Carried forward') : nothing}
      ${lines ? item(svg`<line class="kr-line at-risk" x1="0" x2="22" y1="6" y2="6"></line>`, 'Has an alert') : nothing}
      ${this.measure === 'confidence'
        ? item(svg`<line class="threshold" x1="0" x2="22" y1="6" y2="6"></line>`, `Threshold ${pct(result.threshold)}`)
        : item(svg`<line class="expected" x1="0" x2="22" y1="6" y2="6"></line>`, 'Expected')}
      ${item(svg`<path class="alert-marker" d=${trianglePath(11, 6, 5)}></path>`, 'Alert')}
    </div>`;
  }

  /** Build the panels: one (by cycle / key result) or one per group (small multiples). */
  private panels(result: BurndownResult): Panel[] {
    const single = this.by === 'cycle' || this.by === 'key_result' || result.groups.length <= 1;
    const groups: (GroupSeries | null)[] = single ? [result.groups[0] ?? null] : panelGroups(result.groups, this.maxPanels).shown;
    return groups.map((group, i) => {
      let series: KeyResultSeries[] | null = result.series;
      let alerts = result.alerts;
      if (!single && group) {
        const match = (v: { team_id: string | null; objective_id: string; department: string | null }) =>
          this.by === 'team' ? v.team_id === group.group_id : this.by === 'objective' ? v.objective_id === group.group_id : v.department === group.group_id;
        series = series?.filter(match) ?? null;
        alerts = alerts.filter(match);
      }
      // By key result, lines are the point: auto means lines whenever the series were fetched.
      const wanted = this.by === 'key_result' && this.display === 'auto' ? 'lines' : this.display;
      return {
        key: group?.group_id ?? `panel-${i}`,
        title: single ? '' : (group?.group_name ?? ''),
        group,
        groupId: group?.group_id ?? null,
        mode: chooseDisplay(wanted, series?.length ?? null, this.maxLines),
        sentence: group ? groupSentence(group, this.measure, result.threshold) : '',
        lines: [],
        band: '',
        median: '',
        expected: '',
        rows: [],
        series,
        alerts,
      };
    });
  }

  /** Geometry of one panel for its size (pure data → paths and stops). */
  private layoutPanel(result: BurndownResult, panel: Panel, frame: ChartFrame, scales: BurndownScales): Panel {
    const measure = this.measure;
    const rows: ChartRow[] = [];
    const out: Panel = { ...panel, lines: [], rows };
    const alertsByKr = new Map<string, BurndownAlert[]>();
    for (const a of panel.alerts) {
      const list = alertsByKr.get(a.key_result_id) ?? [];
      list.push(a);
      alertsByKr.set(a.key_result_id, list);
    }
    if (panel.mode === 'lines' && panel.series) {
      if (measure !== 'confidence') {
        const n = result.cycle.weeks.length;
        const linear = result.cycle.weeks.map((w) => ({ week: w.week, value: measure === 'progress' ? w.week / n : 1 - w.week / n }));
        out.expected = linePath(linear, scales);
      }
      for (const s of panel.series) {
        const values = s.points.map((p) => ({ week: p.week, value: pointValue(p, measure) }));
        const title = s.title ?? s.key_result_id;
        const last = [...values].reverse().find((v) => v.value != null);
        out.lines.push({
          id: s.key_result_id,
          title,
          path: linePath(values, scales),
          atRisk: alertsByKr.has(s.key_result_id),
          end: last ? { x: scales.x(last.week), y: scales.y(last.value!) } : null,
        });
        rows.push({
          label: title,
          items: s.points
            .map((p) => ({ p, v: pointValue(p, measure) }))
            .filter(({ v }) => v != null)
            .map(({ p, v }) => ({
              x: scales.x(p.week),
              y: scales.y(v!),
              kind: 'point' as const,
              carried: p.carried,
              label: `${title}, week ${p.week}: ${MEASURE_LABEL[measure].toLowerCase()} ${pct(v)}${p.confidence_raw && measure === 'confidence' ? ` (${p.confidence_raw})` : ''}${p.carried ? `, carried from ${p.silent_weeks} week${p.silent_weeks === 1 ? '' : 's'} earlier` : ', checked in'}${pointExpected(p, measure) != null ? `; expected ${pct(pointExpected(p, measure))}` : ''}.`,
            })),
        });
      }
      const alertItems = panel.alerts
        .filter((a) => a.week >= 1)
        .map((a) => {
          const s = panel.series!.find((x) => x.key_result_id === a.key_result_id);
          const point = s?.points.find((p) => p.week === a.week);
          const v = point ? pointValue(point, measure) : null;
          return {
            x: scales.x(a.week),
            y: v == null ? frame.innerHeight : scales.y(v),
            kind: 'alert' as const,
            alert: a,
            label: `Alert, week ${a.week}, ${a.rule_label}: ${a.key_result_title ?? a.key_result_id} (${this.owner(a)}). ${a.message}`,
          };
        })
        .sort((a, b) => a.x - b.x);
      if (alertItems.length) rows.push({ label: 'Alerts', items: alertItems });
    } else if (panel.group) {
      const weeks = panel.group.weeks.map((w) => ({ w, b: groupBand(w, measure) }));
      out.band = bandPath(weeks.map(({ w, b }) => ({ week: w.week, q1: b.q1, q3: b.q3 })), scales);
      out.median = linePath(weeks.map(({ w, b }) => ({ week: w.week, value: b.median })), scales);
      if (measure !== 'confidence') out.expected = linePath(weeks.map(({ w, b }) => ({ week: w.week, value: b.expected })), scales);
      rows.push({
        label: 'Median',
        items: weeks
          .filter(({ b }) => b.median != null)
          .map(({ w, b }) => ({
            x: scales.x(w.week),
            y: scales.y(b.median!),
            kind: 'median' as const,
            label:
              `Week ${w.week}: median ${MEASURE_LABEL[measure].toLowerCase()} ${pct(b.median)}, middle half ${pct(b.q1)}–${pct(b.q3)}` +
              (measure === 'confidence'
                ? `; ${w.below} of ${w.with_confidence} ${thresholdPhrase(result.threshold)}.`
                : `; expected ${pct(b.expected)}; ${w.behind} of ${w.with_progress} behind.`),
          })),
      });
      // Alerts aggregated per week: a count marker at the bottom of the plot.
      const perWeek = new Map<number, BurndownAlert[]>();
      for (const a of panel.alerts) perWeek.set(a.week, [...(perWeek.get(a.week) ?? []), a]);
      const items = [...perWeek.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([week, list]) => ({
          x: scales.x(week),
          y: frame.innerHeight,
          kind: 'alert' as const,
          alert: list[0]!,
          count: list.length,
          label: `Week ${week}: ${list.length} alert${list.length === 1 ? '' : 's'} (${[...new Set(list.map((a) => a.rule_label))].join(', ')}).`,
        }));
      if (items.length) rows.push({ label: 'Alerts', items });
    }
    return out;
  }

  private renderPanel(result: BurndownResult, base: Panel, index: number, width: number, height: number, multiples: boolean): TemplateResult {
    const frame = chartFrame(Math.max(160, width), height, multiples);
    const weekCount = result.cycle.weeks.length;
    const scales = burndownScales(frame, weekCount);
    const panel = this.layoutPanel(result, base, frame, scales);
    const { x, y } = scales;
    const ticks = weekTicks(weekCount, frame.innerWidth);
    const today = todayPosition(result.cycle.current_week, weekCount);
    const active = this.active && this.active.panel === index ? this.active : null;
    const firstRow = panel.rows.findIndex((r) => r.items.length > 0);
    const isStop = (r: number, i: number) => (active ? active.row === r && active.item === i : r === firstRow && i === 0);
    const ariaLabel = `${panel.title ? `${panel.title}: ` : ''}${MEASURE_LABEL[this.measure]} by week, ${weekCount} weeks. ${panel.sentence} Use the arrow keys to move between points; up and down change series.`;
    const item = (it: ChartItem, r: number, i: number) => {
      const id = `p${index}-r${r}-i${i}`;
      const common = {
        id,
        tab: isStop(r, i) ? 0 : -1,
      };
      if (it.kind === 'alert') {
        const y = it.y - (panel.mode === 'band' ? 8 : 12);
        return svg`<path id=${common.id} class="alert-marker" tabindex=${common.tab} role="img" aria-label=${it.label}
          d=${trianglePath(it.x, y, 6)}
          @focus=${() => this.onItemFocus(index, r, i, it)} @mouseenter=${() => (this.readout = it.label)}
          @click=${() => this.onItemFocus(index, r, i, it)}><title>${it.label}</title></path>
          ${it.count != null ? svg`<text class="alert-count" x=${it.x} y=${y - 10} text-anchor="middle" aria-hidden="true">${it.count}</text>` : nothing}`;
      }
      return svg`<circle id=${common.id} class="point ${it.carried ? 'carried' : ''}" tabindex=${common.tab} role="img"
        aria-label=${it.label} cx=${it.x} cy=${it.y} r=${it.kind === 'median' ? 4 : 3.5}
        @focus=${() => this.onItemFocus(index, r, i, it)} @mouseenter=${() => (this.readout = it.label)}><title>${it.label}</title></circle>`;
    };
    const chart = html`<svg part="chart" width=${frame.width} height=${frame.height} role="group" aria-label=${ariaLabel}
      @keydown=${(e: KeyboardEvent) => this.onKey(e, index, panel)}>
      <g transform="translate(${frame.margin.left},${frame.margin.top})">
        <g class="grid axis" aria-hidden="true">
          ${[0, 0.25, 0.5, 0.75, 1].map(
            (v) => svg`<line x1="0" x2=${frame.innerWidth} y1=${y(v)} y2=${y(v)}></line>
              <text x="-6" y=${y(v)} dy="0.32em" text-anchor="end">${pct(v)}</text>`,
          )}
          ${ticks.map((w) => svg`<text x=${x(w)} y=${frame.innerHeight + 16} text-anchor="middle">W${w}</text>`)}
        </g>
        <g aria-hidden="true">
          ${result.rule_week <= weekCount
            ? svg`<line class="rule-week" x1=${x(result.rule_week)} x2=${x(result.rule_week)} y1="0" y2=${frame.innerHeight}></line>
              <text class="marker-label" x=${x(result.rule_week) + 3} y="9">Rule W${result.rule_week}</text>`
            : nothing}
          ${today != null
            ? svg`<line class="today" x1=${x(today)} x2=${x(today)} y1="0" y2=${frame.innerHeight}></line>
              <text class="marker-label" x=${x(today) + 3} y="21">Today</text>`
            : nothing}
          ${this.measure === 'confidence'
            ? svg`<line class="threshold" x1="0" x2=${frame.innerWidth} y1=${y(result.threshold)} y2=${y(result.threshold)}></line>
              <text class="threshold-label" x=${frame.innerWidth} y=${y(result.threshold) + 13} text-anchor="end">${result.threshold === 0.5 ? 'Midpoint' : 'Threshold'} ${pct(result.threshold)}</text>`
            : nothing}
          ${panel.band ? svg`<path class="band" d=${panel.band}></path>` : nothing}
          ${panel.expected ? svg`<path class="expected" d=${panel.expected}></path>` : nothing}
          ${panel.median ? svg`<path class="median" d=${panel.median}></path>` : nothing}
          ${panel.lines.map((l) => svg`<path class="kr-line ${l.atRisk ? 'at-risk' : ''}" d=${l.path}><title>${l.title}</title></path>`)}
          ${multiples ? nothing : endLabels(panel.lines).map((l) => svg`<text class="line-label" x=${l.x + 8} y=${l.y} dy="0.32em">${shortLabel(l.title)}<title>${l.title}</title></text>`)}
        </g>
        ${panel.rows.map((row, r) => svg`<g role="list" aria-label=${row.label}>${row.items.map((it, i) => item(it, r, i))}</g>`)}
      </g>
    </svg>`;
    if (!multiples) return html`<div class="panel" part="panel">${chart}</div>`;
    return html`<div class="panel" part="panel">
      <h3>
        <button
          type="button"
          @click=${() => this.selectGroup(panel)}
          title="Show only this ${this.by} in linked views"
        >${panel.title}</button>
      </h3>
      <p class="sentence">${panel.sentence}</p>
      ${chart}
    </div>`;
  }

  private selectGroup(panel: Panel): void {
    if (!panel.groupId) return;
    const kind = this.by === 'objective' ? 'objective' : this.by === 'department' ? 'department' : 'team';
    const selection = { kind, id: panel.groupId, team_id: kind === 'team' ? panel.groupId : null, source: this } as const;
    this.dataSource?.select(selection);
    this.dispatchEvent(new CustomEvent('plumb-select', { detail: selection, bubbles: true, composed: true }));
  }

  private onItemFocus(panel: number, row: number, item: number, it: ChartItem): void {
    this.readout = it.label;
    if (!this.active || this.active.panel !== panel || this.active.row !== row || this.active.item !== item) {
      this.active = { panel, row, item };
    }
  }

  private onKey(e: KeyboardEvent, panelIndex: number, panel: Panel): void {
    const current = this.active && this.active.panel === panelIndex ? this.active : null;
    let row = current?.row ?? Math.max(0, panel.rows.findIndex((r) => r.items.length > 0));
    let item = current?.item ?? 0;
    const rows = panel.rows;
    if (!rows[row]) return;
    const nearest = (target: ChartRow, x: number) =>
      target.items.reduce((best, it, i) => (Math.abs(it.x - x) < Math.abs(target.items[best]!.x - x) ? i : best), 0);
    const x = rows[row]!.items[item]?.x ?? 0;
    switch (e.key) {
      case 'ArrowRight': item = Math.min(rows[row]!.items.length - 1, item + 1); break;
      case 'ArrowLeft': item = Math.max(0, item - 1); break;
      case 'Home': item = 0; break;
      case 'End': item = rows[row]!.items.length - 1; break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        let r = row + step;
        while (rows[r] && rows[r]!.items.length === 0) r += step;
        if (!rows[r]) return;
        row = r;
        item = nearest(rows[r]!, x);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    this.active = { panel: panelIndex, row, item };
    const target = rows[row]!.items[item];
    if (target) this.readout = target.label;
    void this.updateComplete.then(() => {
      (this.renderRoot.querySelector(`#p${panelIndex}-r${row}-i${item}`) as SVGElement | null)?.focus();
    });
  }

  private alertList(result: BurndownResult): TemplateResult {
    const total = Object.values(result.alert_counts).reduce((a, b) => a + b, 0);
    const shown = result.alerts.slice(0, 50);
    return html`<h3>Alerts (${total})</h3>
      ${total === 0
        ? html`<p class="more">No key result triggers a rule.</p>`
        : html`<ol>
            ${shown.map(
              (a) => html`<li>
                <span class="rule">▲ Week ${a.week} · ${a.rule_label}</span><br />
                <strong>${a.key_result_title ?? a.key_result_id}</strong> (${this.owner(a)})<br />
                ${a.message}
              </li>`,
            )}
          </ol>
          ${total > shown.length ? html`<p class="more">${total - shown.length} more alerts not listed.</p>` : nothing}`}
      ${result.custom_rules_skipped
        ? html`<p class="more">Custom rules ran on no key result: they need the per key result series, fetched for at most ${this.maxLines} key results.</p>`
        : nothing}`;
  }

  private table(result: BurndownResult, panels: Panel[]): TemplateResult {
    const lines = panels.some((p) => p.mode === 'lines') && result.series;
    if (lines) {
      const rows = result.series!.flatMap((s) =>
        s.points.map((p) => ({
          key_result: s.title ?? s.key_result_id,
          owner: this.hideNames ? 'hidden' : (s.owner_name ?? s.owner_id ?? ''),
          week: p.week,
          confidence: p.confidence,
          raw: p.confidence_raw,
          progress: p.progress,
          expected: p.expected,
          state: p.checked ? 'checked in' : p.carried ? 'carried' : 'no value',
        })),
      );
      const columns: DataTableColumn[] = [
        { key: 'key_result', label: 'Key result' },
        { key: 'owner', label: 'Owner' },
        { key: 'week', label: 'Week', numeric: true },
        { key: 'confidence', label: 'Confidence', numeric: true, format: (v) => pct(v as number | null) },
        { key: 'raw', label: 'As entered' },
        { key: 'progress', label: 'Progress', numeric: true, format: (v) => pct(v as number | null) },
        { key: 'expected', label: 'Expected', numeric: true, format: (v) => pct(v as number | null) },
        { key: 'state', label: 'Week state' },
      ];
      return html`<plumb-data-table part="table" caption="Weekly values per key result" .columns=${columns} .rows=${rows}></plumb-data-table>`;
    }
    const rows = result.groups.flatMap((g) =>
      g.weeks.map((w) => {
        const b = groupBand(w, this.measure);
        return { group: g.group_name, week: w.week, q1: b.q1, median: b.median, q3: b.q3, below: `${w.below} of ${w.with_confidence}`, checked: w.checked };
      }),
    );
    const columns: DataTableColumn[] = [
      { key: 'group', label: 'Group' },
      { key: 'week', label: 'Week', numeric: true },
      { key: 'q1', label: `${MEASURE_LABEL[this.measure]} lower quartile`, numeric: true, format: (v) => pct(v as number | null) },
      { key: 'median', label: 'Median', numeric: true, format: (v) => pct(v as number | null) },
      { key: 'q3', label: 'Upper quartile', numeric: true, format: (v) => pct(v as number | null) },
      { key: 'below', label: `Confidence ${thresholdPhrase(result.threshold)}` },
      { key: 'checked', label: 'Checked in this week', numeric: true },
    ];
    return html`<plumb-data-table part="table" caption="Weekly distribution per group" .columns=${columns} .rows=${rows}></plumb-data-table>`;
  }
}
