import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  BURNDOWN_MEASURES,
  burndownQuery,
  groupBand,
  type BurndownAlert,
  type BurndownGroupBy,
  type BurndownMeasure,
  type BurndownQueryOptions,
  type BurndownResult,
  type BurndownRule,
  type OrgFilter,
} from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import type { PlumbClause } from '../data/coordinator.js';
import { themeStyles } from '../shared/theme.styles.js';
import { stateView } from '../shared/states.js';
import type { DataTableColumn } from '../data-table/data-table.js';
import '../data-table/data-table.define.js';
import { confidenceBurndownStyles } from './confidence-burndown.styles.js';
import { burndownMessages } from './confidence-burndown.messages.js';
import { trianglePath } from './paths.js';
import { RovingFocusController, rowItemKeys } from '../shared/roving-focus.js';

type ActivePoint = { panel: number; row: number; item: number };
import type { BurndownDisplay } from './display.js';
import {
  alertMessage,
  burndownLayout,
  capText,
  chartColumnWidth,
  ownerText,
  ruleLabel,
  type BurndownLayout,
  type ChartItem,
  type PanelLayout,
} from './layout.js';
import { burndownSummary, groupName, thresholdPhrase, type BurndownText } from './summary.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @summary Confidence and progress through a cycle, week by week, with the
 * at-risk rules that should trigger a conversation (week 4, not week 11).
 *
 * Lines per key result for a small set, the median with its inter-quartile
 * band for a large one, small multiples per team / objective / department.
 * Week 1 is the first 7 days of the cycle; the rule-week marker sits at the
 * end of week `rule-week`. A view on the `PlumbView` contract: the named query
 * `burndown` of `@plumb/core`, the linked selection (team with sub-teams,
 * department, objective, key result, owner), `anonymize` (owners become the
 * data set's pseudonyms, also in `plumb-alert`), `min-group` (team and
 * department aggregates over fewer owners are hidden), `projector`, `unlinked`,
 * and CSV/SVG/PNG export of its rows and its chart.
 *
 * @event plumb-alert - One per alert of each new result; `detail` is the `BurndownAlert` (pseudonymous owner when anonymized). Bubbles, composed.
 * @event plumb-select - When a small-multiple title is activated; `detail` is the `PlumbSelectDetail`.
 * @event plumb-rendered - After every drawn result.
 *
 * @csspart summary - The summary sentence.
 * @csspart withheld - How many key results min-group withheld (only when some are).
 * @csspart chart - The chart's SVG (each panel's, in small multiples).
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
export class PlumbConfidenceBurndown extends PlumbView<BurndownQueryOptions, BurndownResult> {
  static override styles = [themeStyles, confidenceBurndownStyles];
  protected static override messages = { family: 'burndown', catalogue: burndownMessages };
  protected readonly query = burndownQuery;
  protected get what(): string {
    return this.msg('what');
  }

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
  /** Key result id(s), comma-separated. */
  @property({ attribute: 'key-result-id' }) keyResultId: string | undefined;
  @property({ attribute: 'objective-id' }) objectiveId: string | undefined;
  /** A team: its key results and those of every team under it. */
  @property({ attribute: 'team-id' }) teamId: string | undefined;
  @property() department: string | undefined;
  /** Rules to run (default: the built-in ones); add an embedder rule with `[...DEFAULT_RULES, rule]`. */
  @property({ attribute: false }) rules: readonly BurndownRule[] | undefined;
  /** Height of the single chart, px (small multiples use 65% of it; projector mode 1.35×). */
  @property({ type: Number, attribute: 'chart-height' }) chartHeight = 280;

  @state() private readout = '';
  /** Roving focus: which panel/row/item holds the tab stop. */
  /** Each panel's points are one tab stop; arrows move along a line and between lines (null: the first point). */
  private readonly pointFocus = new RovingFocusController<ActivePoint | null>(this, {
    initial: null,
    selector: (p) => (p ? `#p${p.panel}-r${p.row}-i${p.item}` : ':not(*)'),
    same: (a, b) => a?.panel === b?.panel && a?.row === b?.row && a?.item === b?.item,
  });
  private get active(): ActivePoint | null {
    return this.pointFocus.active;
  }

  private announced: BurndownResult | undefined;
  private refreshCount = 0;
  private rulesSeen: readonly BurndownRule[] | undefined;
  private rulesCounter = 0;
  private layoutMemo: { key: string; result: BurndownResult; layout: BurndownLayout } | null = null;

  private get text(): BurndownText {
    return { msg: (key, params) => this.msg(key, params), fmt: this.fmt };
  }

  private rulesVersion(): number {
    if (this.rules !== this.rulesSeen) {
      this.rulesSeen = this.rules;
      this.rulesCounter++;
    }
    return this.rulesCounter;
  }

  /** The named query's options: the attributes pin a filter field; the linked selection fills the rest. */
  protected options(filter: OrgFilter): BurndownQueryOptions {
    const lines = this.display === 'lines' || this.by === 'key_result';
    const options: BurndownQueryOptions = {
      by: this.by === 'key_result' ? 'cycle' : this.by,
      threshold: this.threshold,
      ruleWeek: this.ruleWeek,
      // Per key result series are fetched only when they will be drawn as lines.
      seriesLimit: this.by !== 'cycle' && this.by !== 'key_result' ? this.maxLines * 4 : lines ? Math.max(200, this.maxLines) : this.maxLines,
      // Only the drawn distribution (remaining is the mirror of progress).
      measures: [this.measure === 'confidence' ? 'confidence' : 'progress'],
    };
    if (this.cycle) options.cycle = this.cycle;
    if (this.asOf) options.asOf = this.asOf;
    const listed = this.keyResultId?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    if (listed.length) options.key_result_ids = listed;
    if (filter.key_result_id) options.key_result_id = filter.key_result_id;
    const objective = this.objectiveId ?? filter.objective_id;
    if (objective) options.objective_id = objective;
    const team = this.teamId ?? filter.team_id;
    if (team) options.team_id = team;
    const department = this.department ?? filter.department;
    if (department) options.department = department;
    if (filter.person_id) options.person_id = filter.person_id;
    if (filter.manager_id) options.manager_id = filter.manager_id;
    if (this.rules) {
      options.rules = this.rules;
      options.rulesVersion = this.rulesVersion();
    }
    if (this.refreshCount) options.cacheKey = this.refreshCount;
    return options;
  }

  /** Re-read the data (after changing tables behind a `.connector` that core did not load). */
  override refresh(): void {
    this.refreshCount++;
    super.refresh();
  }

  protected override emptyMessage(result: BurndownResult): string | null {
    return result.key_results === 0 ? this.msg('empty.cycle', { cycle: result.cycle.name ?? result.cycle.cycle_id }) : null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The grid's columns through CSSOM, never a style attribute: lit's styleMap writes the attribute on
    // its first render, which a strict CSP (style-src-attr) refuses.
    const panels = this.renderRoot.querySelector<HTMLElement>('.panels');
    if (panels) panels.style.setProperty('--_columns', panels.dataset.columns ?? '1');
    const result = this.result;
    if (this.status === 'ready' && result && result !== this.announced) {
      this.announced = result;
      this.pointFocus.active = null;
      // Owners are the data set's pseudonyms when anonymized: core rewrote them before they got here.
      for (const alert of result.alerts) this.emit('plumb-alert', alert);
    }
  }

  private layout(result: BurndownResult): BurndownLayout {
    const projector = this.isProjector;
    const beside = this.by === 'cycle' || this.by === 'key_result' || result.groups.length <= 1;
    const width = chartColumnWidth(Math.floor(this.width) || 640, beside);
    const key = JSON.stringify([width, projector, this.by, this.measure, this.display, this.maxLines, this.maxPanels, this.chartHeight, this.i18n.locale, this.effectiveMinGroup]);
    if (this.layoutMemo?.result === result && this.layoutMemo.key === key) return this.layoutMemo.layout;
    const layout = burndownLayout(
      result,
      {
        width,
        chartHeight: Math.round(this.chartHeight * (projector ? 1.35 : 1)),
        by: this.by,
        measure: this.measure,
        display: this.display,
        maxLines: this.maxLines,
        maxPanels: this.maxPanels,
        minGroup: this.effectiveMinGroup,
        labelGap: projector ? 18 : 12,
      },
      this.text,
    );
    this.layoutMemo = { key, result, layout };
    return layout;
  }

  protected renderResult(result: BurndownResult): TemplateResult {
    if (!BURNDOWN_MEASURES.includes(this.measure)) {
      return stateView('error', this.msg('error.measure', { measure: String(this.measure), known: BURNDOWN_MEASURES.join(', ') }));
    }
    const t = this.text;
    const layout = this.layout(result);
    const { panels, multiples } = layout;
    return html`<div class="root ${this.isProjector ? 'projector' : ''}" dir=${this.i18n.dir}>
      <p class="summary" part="summary" aria-live="polite">${burndownSummary(result, this.measure, t, this.effectiveMinGroup)}</p>
      ${this.withheldText(result) ? html`<p class="withheld" part="withheld">${this.withheldText(result)}</p>` : nothing}
      ${this.legend(result, panels)}
      <div class="layout ${multiples ? '' : 'beside'}" aria-busy=${this.status === 'loading' ? 'true' : 'false'}>
        <div class="chart-column">
          <div class="panels" data-columns=${layout.columns}>
            ${panels.map((p, i) => this.renderPanel(result, p, i, multiples))}
          </div>
          ${layout.hiddenGroups > 0
            ? html`<p class="readout">${this.msg('multiples.showing', {
                shown: this.fmt.integer(panels.length),
                total: this.fmt.integer(result.groups.length),
                phrase: thresholdPhrase(result.threshold, t),
              })}</p>`
            : nothing}
          <p class="readout" part="readout" aria-live="polite">${this.readout}</p>
        </div>
        <div part="alerts" class="alerts">
          <slot name="alerts">${this.alertList(result)}</slot>
        </div>
      </div>
      <details>
        <summary>${this.msg('table.toggle')}</summary>
        ${this.table(result, panels)}
      </details>
      ${result.check_ins_after_cycle > 0 ? html`<p class="readout">${this.msg('after-cycle', { n: result.check_ins_after_cycle })}</p>` : nothing}
      <div class="export-stage" aria-hidden="true"></div>
    </div>`;
  }

  private legend(result: BurndownResult, panels: PanelLayout[]): TemplateResult {
    const lines = panels.some((p) => p.mode === 'lines');
    const band = panels.some((p) => p.mode === 'band' && !p.suppressed);
    const item = (shape: TemplateResult, text: string) =>
      html`<span><svg class="swatch" width="22" height="12" aria-hidden="true">${shape}</svg> ${text}</span>`;
    return html`<div class="legend" aria-hidden="true">
      ${band ? item(svg`<rect class="band" x="0" y="1" width="22" height="10"></rect><line class="median" x1="0" x2="22" y1="6" y2="6"></line>`, this.msg('legend.band')) : nothing}
      ${lines ? item(svg`<circle class="point" cx="6" cy="6" r="4"></circle>`, this.msg('legend.check-in')) : nothing}
      ${lines ? item(svg`<circle class="point carried" cx="6" cy="6" r="4"></circle>`, this.msg('legend.carried')) : nothing}
      ${lines ? item(svg`<line class="kr-line at-risk" x1="0" x2="22" y1="6" y2="6"></line>`, this.msg('legend.at-risk')) : nothing}
      ${this.measure === 'confidence'
        ? item(svg`<line class="threshold" x1="0" x2="22" y1="6" y2="6"></line>`, this.msg('legend.threshold', { pct: this.fmt.percent(result.threshold) }))
        : item(svg`<line class="expected" x1="0" x2="22" y1="6" y2="6"></line>`, this.msg('legend.expected'))}
      ${item(svg`<path class="alert-marker" d=${trianglePath(11, 6, 5)}></path>`, this.msg('legend.alert'))}
    </div>`;
  }

  private renderPanel(result: BurndownResult, panel: PanelLayout, index: number, multiples: boolean): TemplateResult {
    const { frame } = panel;
    const active = this.active && this.active.panel === index ? this.active : null;
    const firstRow = panel.rows.findIndex((r) => r.items.length > 0);
    const isStop = (r: number, i: number) => (active ? active.row === r && active.item === i : r === firstRow && i === 0);
    const item = (it: ChartItem, r: number, i: number) => {
      const id = `p${index}-r${r}-i${i}`;
      const tab = isStop(r, i) ? 0 : -1;
      if (it.kind === 'alert') {
        const y = it.y - (panel.mode === 'band' ? 8 : 12);
        return svg`<path id=${id} class="alert-marker" tabindex=${tab} role="img" aria-label=${it.label}
          d=${trianglePath(it.x, y, 6)}
          @focus=${() => this.onItemFocus(index, r, i, it)} @mouseenter=${() => (this.readout = it.label)}
          @click=${() => this.onItemFocus(index, r, i, it)}><title>${it.label}</title></path>
          ${it.count != null ? svg`<text class="alert-count" x=${it.x} y=${y - (this.isProjector ? 13 : 10)} text-anchor="middle" aria-hidden="true">${this.fmt.integer(it.count)}</text>` : nothing}`;
      }
      return svg`<circle id=${id} class="point ${it.carried ? 'carried' : ''}" tabindex=${tab} role="img"
        aria-label=${it.label} cx=${it.x} cy=${it.y} r=${it.kind === 'median' ? 4 : 3.5}
        @focus=${() => this.onItemFocus(index, r, i, it)} @mouseenter=${() => (this.readout = it.label)}><title>${it.label}</title></circle>`;
    };
    const chart = html`<svg part="chart" class="chart" width=${frame.width} height=${frame.height} role="group" aria-label=${panel.ariaLabel}
      @keydown=${(e: KeyboardEvent) => this.onKey(e, index, panel)}>
      <g transform="translate(${frame.margin.left},${frame.margin.top})">
        <g class="grid axis" aria-hidden="true">
          ${panel.grid.map(
            (g) => svg`<line x1="0" x2=${frame.innerWidth} y1=${g.y} y2=${g.y}></line>
              <text x="-6" y=${g.y} dy="0.32em" text-anchor="end">${g.label}</text>`,
          )}
          ${panel.ticks.map((tick) => svg`<text x=${tick.x} y=${frame.innerHeight + 16} text-anchor="middle">${tick.label}</text>`)}
        </g>
        <g aria-hidden="true">
          ${panel.ruleWeek
            ? svg`<line class="rule-week" x1=${panel.ruleWeek.x} x2=${panel.ruleWeek.x} y1="0" y2=${frame.innerHeight}></line>
              <text class="marker-label" x=${panel.ruleWeek.x + 3} y="9">${panel.ruleWeek.label}</text>`
            : nothing}
          ${panel.today
            ? svg`<line class="today" x1=${panel.today.x} x2=${panel.today.x} y1="0" y2=${frame.innerHeight}></line>
              <text class="marker-label" x=${panel.today.x + 3} y="21">${panel.today.label}</text>`
            : nothing}
          ${panel.threshold
            ? svg`<line class="threshold" x1="0" x2=${frame.innerWidth} y1=${panel.threshold.y} y2=${panel.threshold.y}></line>
              <text class="threshold-label" x=${frame.innerWidth} y=${panel.threshold.y + 13} text-anchor="end">${panel.threshold.label}</text>`
            : nothing}
          ${panel.band ? svg`<path class="band" d=${panel.band}></path>` : nothing}
          ${panel.expected ? svg`<path class="expected" d=${panel.expected}></path>` : nothing}
          ${panel.median ? svg`<path class="median" d=${panel.median}></path>` : nothing}
          ${panel.lines.map((l) => svg`<path class="kr-line ${l.atRisk ? 'at-risk' : ''}" d=${l.path}><title>${l.title}</title></path>`)}
          ${panel.endLabels.map((l) => svg`<text class="line-label" x=${l.x} y=${l.y} dy="0.32em">${l.text}<title>${l.title}</title></text>`)}
          ${panel.suppressed
            ? svg`<text class="suppressed" x=${frame.innerWidth / 2} y=${frame.innerHeight / 2} text-anchor="middle">${panel.sentence}</text>`
            : nothing}
        </g>
        ${panel.rows.map((row, r) => svg`<g role="list" aria-label=${row.label}>${row.items.map((it, i) => item(it, r, i))}</g>`)}
      </g>
    </svg>`;
    if (!multiples) return html`<div class="panel" part="panel">${chart}</div>`;
    const kind = this.msg(`kind.${this.by}`);
    return html`<div class="panel" part="panel">
      <h3>
        <button
          type="button"
          @click=${() => this.selectGroup(panel)}
          @pointerenter=${() => this.anticipate(this.groupClause(panel))}
          @focus=${() => this.anticipate(this.groupClause(panel))}
          @pointerleave=${() => this.anticipate(null)}
          @blur=${() => this.anticipate(null)}
          title=${this.msg('multiples.select', { kind })}
        ><bdi>${panel.title}</bdi></button>
      </h3>
      <p class="sentence">${panel.sentence}</p>
      ${chart}
    </div>`;
  }

  private selectGroup(panel: PanelLayout): void {
    const clause = this.groupClause(panel);
    if (clause) void this.select(clause);
  }

  /** What a click on a small multiple's title selects for the other views. */
  private groupClause(panel: PanelLayout): Omit<PlumbClause, 'source'> | null {
    if (!panel.groupId) return null;
    const id = panel.groupId;
    const label = panel.title;
    if (this.by === 'objective') return { kind: 'objective', id, label, filter: { objective_id: id } };
    if (this.by === 'department') return { kind: 'department', id, label, filter: { department: id } };
    return { kind: 'team', id, label, filter: { team_id: id } };
  }

  private onItemFocus(panel: number, row: number, item: number, it: ChartItem): void {
    this.readout = it.label;
    this.pointFocus.follow({ panel, row, item });
  }

  private onKey(e: KeyboardEvent, panelIndex: number, panel: PanelLayout): void {
    const current = this.active && this.active.panel === panelIndex ? this.active : null;
    const from = { row: current?.row ?? Math.max(0, panel.rows.findIndex((r) => r.items.length > 0)), item: current?.item ?? 0 };
    if (!panel.rows[from.row]) return;
    const along = rowItemKeys(panel.rows);
    const moved = this.pointFocus.keydown(
      e,
      (key, _at, modifiers) => {
        const next = along(key, from, modifiers);
        return next && { panel: panelIndex, ...next };
      },
      { panel: panelIndex, ...from },
    );
    const target = moved && this.active ? panel.rows[this.active.row]?.items[this.active.item] : undefined;
    if (target) this.readout = target.label;
  }

  private alertList(result: BurndownResult): TemplateResult {
    const t = this.text;
    const total = Object.values(result.alert_counts).reduce((a, b) => a + b, 0);
    // A short list is read whole; a long one is summarised: alerts counted by rule, then the worst
    // few (lowest confidence now) — a room reads a count and three names, not a scrolled list.
    const few = this.isProjector ? 3 : 5;
    const summarise = result.alerts.length > few + 3;
    const worst = summarise
      ? [...result.alerts].sort((a, b) => (a.values.confidence ?? 1) - (b.values.confidence ?? 1) || a.week - b.week).slice(0, few)
      : result.alerts;
    const byRule = Object.entries(result.alert_counts)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([rule, n]) => {
        const sample = result.alerts.find((a) => a.rule === rule);
        return { label: sample ? ruleLabel(sample, t) : rule, n };
      });
    return html`<h3>${this.msg('alerts.title', { n: this.fmt.integer(total) })}</h3>
      ${total === 0
        ? html`<p class="more">${this.msg('alerts.none')}</p>`
        : html`${summarise
              ? html`<ul class="by-rule">
                    ${byRule.map((r) => html`<li><span class="rule">▲ <bdi>${r.label}</bdi></span>: ${this.fmt.integer(r.n)}</li>`)}
                  </ul>
                  <h4>${this.msg('alerts.worst', { n: this.fmt.integer(worst.length) })}</h4>`
              : nothing}
            <ol>
              ${worst.map(
                (a) => html`<li>
                  <span class="rule">▲ ${this.msg('alert.line', { week: a.week, rule: ruleLabel(a, t) })}</span><br />
                  <strong><bdi>${capText(a.key_result_title ?? a.key_result_id)}</bdi></strong> (<bdi>${capText(ownerText(a, t), 80)}</bdi>)<br />
                  <bdi>${capText(alertMessage(a, result.rule_week, t))}</bdi>
                </li>`,
              )}
            </ol>
            ${total > worst.length ? html`<p class="more">${this.msg('alerts.more', { n: total - worst.length })}</p>` : nothing}`}
      ${result.custom_rules_skipped ? html`<p class="more">${this.msg('alerts.custom-skipped', { n: this.maxLines })}</p>` : nothing}`;
  }

  /** What the data table and the CSV export show: the drawn lines' weekly values, else the groups' distributions. */
  private tableRows(result: BurndownResult, lines: boolean): ViewRows {
    const pct = (v: unknown) => this.fmt.percent(v as number | null);
    if (lines && result.series) {
      const rows = result.series.flatMap((s) =>
        s.points.map((p) => ({
          key_result: s.title ?? s.key_result_id,
          owner: s.owner_name ?? s.owner_id ?? '',
          week: p.week,
          confidence: p.confidence,
          raw: p.confidence_raw,
          progress: p.progress,
          expected: p.expected,
          state: this.msg(p.checked ? 'state.checked' : p.carried ? 'state.carried' : 'state.none'),
        })),
      );
      const columns: DataTableColumn[] = [
        { key: 'key_result', label: this.msg('col.key-result') },
        { key: 'owner', label: this.msg('col.owner') },
        { key: 'week', label: this.msg('col.week'), numeric: true },
        { key: 'confidence', label: this.msg('col.confidence'), numeric: true, format: pct, digits: 2 },
        { key: 'raw', label: this.msg('col.raw') },
        { key: 'progress', label: this.msg('col.progress'), numeric: true, format: pct, digits: 2 },
        { key: 'expected', label: this.msg('col.expected'), numeric: true, format: pct, digits: 2 },
        { key: 'state', label: this.msg('col.state') },
      ];
      return { caption: this.msg('table.series'), columns, rows };
    }
    const t = this.text;
    const suppressed = this.msg('sentence.suppressed', { k: this.fmt.integer(this.effectiveMinGroup) });
    type GroupRow = { group: string; week: number | null; q1: number | null; median: number | null; q3: number | null; below: string; checked: number | null };
    const rows = result.groups.flatMap((g): GroupRow[] =>
      g.suppressed
        ? [{ group: groupName(g, t), week: null, q1: null, median: null, q3: null, below: suppressed, checked: null }]
        : g.weeks.map((w) => {
            const b = groupBand(w, this.measure);
            return {
              group: groupName(g, t),
              week: w.week,
              q1: b.q1,
              median: b.median,
              q3: b.q3,
              below: this.msg('of', { a: this.fmt.integer(w.below), b: this.fmt.integer(w.with_confidence) }),
              checked: w.checked,
            };
          }),
    );
    const columns: DataTableColumn[] = [
      { key: 'group', label: this.msg('col.group') },
      { key: 'week', label: this.msg('col.week'), numeric: true },
      { key: 'q1', label: this.msg('col.lower', { measure: this.msg(`measure.${this.measure}`) }), numeric: true, format: pct, digits: 2 },
      { key: 'median', label: this.msg('col.median'), numeric: true, format: pct, digits: 2 },
      { key: 'q3', label: this.msg('col.upper'), numeric: true, format: pct, digits: 2 },
      { key: 'below', label: this.msg('col.below', { phrase: thresholdPhrase(result.threshold, t) }) },
      { key: 'checked', label: this.msg('col.checked'), numeric: true },
    ];
    return { caption: this.msg('table.groups'), columns, rows };
  }

  protected override rowsForExport(result: BurndownResult): ViewRows {
    const panels = this.layout(result).panels;
    return this.tableRows(result, panels.some((p) => p.mode === 'lines'));
  }

  private table(result: BurndownResult, panels: PanelLayout[]): TemplateResult {
    const { caption, columns, rows } = this.tableRows(result, panels.some((p) => p.mode === 'lines'));
    return html`<plumb-data-table part="table" caption=${caption ?? ''} .columns=${columns} .rows=${rows}></plumb-data-table>`;
  }

  /** How many key results the privacy plan withheld here ('' when none): counted, never silently missing. */
  private withheldText(result: BurndownResult): string {
    const n = result.withheld_key_results ?? 0;
    return n > 0 ? this.msg('withheld.krs', { n: this.fmt.integer(n), k: this.fmt.integer(this.effectiveMinGroup) }) : '';
  }

  protected override exportTitle(result: BurndownResult): string {
    return this.msg('export.title', { measure: this.msg(`measure.${this.measure}.lower`), cycle: result.cycle.name ?? result.cycle.cycle_id });
  }

  protected override exportContext(result: BurndownResult): string[] {
    const withheld = this.withheldText(result);
    return [burndownSummary(result, this.measure, this.text, this.effectiveMinGroup), ...(withheld ? [withheld] : [])];
  }

  /**
   * The drawing to export: the chart's SVG, or — for small multiples — one SVG holding every panel
   * in its grid place with its title (built beside the panels, so it carries the same styles).
   */
  override chartNode(): SVGSVGElement | null {
    const charts = [...this.renderRoot.querySelectorAll<SVGSVGElement>('svg.chart')];
    if (charts.length <= 1) return charts[0] ?? null;
    const stage = this.renderRoot.querySelector('.export-stage');
    if (!stage) return charts[0]!;
    const columns = this.layoutMemo?.layout.columns ?? 1;
    const gap = 12;
    const titleHeight = 20;
    const cellWidth = Math.max(...charts.map((c) => Number(c.getAttribute('width')) || 0));
    const cellHeight = Math.max(...charts.map((c) => Number(c.getAttribute('height')) || 0)) + titleHeight;
    const rows = Math.ceil(charts.length / columns);
    const whole = document.createElementNS(SVG_NS, 'svg');
    const width = columns * cellWidth + (columns - 1) * gap;
    const height = rows * cellHeight + (rows - 1) * gap;
    whole.setAttribute('width', String(width));
    whole.setAttribute('height', String(height));
    whole.setAttribute('viewBox', `0 0 ${width} ${height}`);
    whole.setAttribute('class', 'chart-multiples');
    whole.setAttribute('role', 'img');
    whole.setAttribute('aria-label', this.renderRoot.querySelector('[part=summary]')?.textContent ?? '');
    const panels = this.layoutMemo?.layout.panels ?? [];
    charts.forEach((chart, i) => {
      const x = (i % columns) * (cellWidth + gap);
      const y = Math.floor(i / columns) * (cellHeight + gap);
      const title = document.createElementNS(SVG_NS, 'text');
      title.setAttribute('class', 'panel-title');
      title.setAttribute('x', String(x + 4));
      title.setAttribute('y', String(y + 14));
      title.textContent = panels[i]?.title ?? '';
      const copy = chart.cloneNode(true) as SVGSVGElement;
      copy.setAttribute('x', String(x));
      copy.setAttribute('y', String(y + titleHeight));
      whole.append(title, copy);
    });
    stage.replaceChildren(whole);
    return whole;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-alert': CustomEvent<BurndownAlert>;
  }
}
