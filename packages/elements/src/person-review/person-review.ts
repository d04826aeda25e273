import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  itemsOfKind, personEvidenceQuery,
  type Draft, type Drafter, type DraftSection, type DraftSentence, type EvidenceItem, type EvidenceKind, type KeyResultItem,
  type OrgFilter, type PersonEvidence, type PersonEvidenceOptions, type SentenceFlag, type Text,
} from '@plumb/core/queries';
import { PlumbView, type ViewRows } from '../view/plumb-view.js';
import { themeStyles } from '../shared/theme.styles.js';
import { downloadBlob } from '../shared/download.js';
import '../data-table/data-table.define.js';
import { personReviewStyles } from './person-review.styles.js';
import { personReviewMessages } from './person-review.messages.js';
import { neighbourPoint, timelineLayout, type TimelineLayout } from './timeline-layout.js';

/** Detail of `plumb-draft-change`: the draft after every drafting, edit, exclusion (pseudonyms only when anonymized). */
export interface PlumbDraftChangeDetail {
  draft: Draft;
  /** Share of the draft written by the manager, 0–1. */
  managerShare: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-draft-change': CustomEvent<PlumbDraftChangeDetail>;
  }
}

type Result = PersonEvidence | null;

/** The draft panel's message family (its words come with the draft's chunk). */
const DRAFT_PANEL_FAMILY = 'draft-panel';

/**
 * @summary One person's review page: OKR context (not a score), the check-in timeline, milestones and
 * sprints on the key results' value lines, 360 feedback by relationship (numbers only over min-group),
 * recognitions, and a draft assessment whose every sentence cites the evidence it rests on.
 *
 * Opens from the linked selection `person` (a clause with `person_id`, e.g. a click in the nine-box) or
 * the `person` attribute. Every item can be excluded from the draft and shows its source. The default
 * drafter is local and deterministic; `.drafter` may be the embedder's own (its text is checked sentence
 * by sentence). Ratings are the manager's: nothing here proposes one.
 *
 * @event plumb-draft-change - The draft changed: `detail: {draft, managerShare}`.
 * @csspart header - Name (or pseudonym), team, manager.
 * @csspart note - The note that ratings are the manager's.
 * @csspart okr - The OKR context panel.
 * @csspart timeline - The check-in timeline.
 * @csspart chart - One key result's timeline chart (`svg`).
 * @csspart feedback - The 360 panel.
 * @csspart recognitions - The recognitions list.
 * @csspart draft - The draft editor.
 * @csspart guardrails - Coverage and recency.
 * @csspart table - The table of every evidence item.
 * @cssproperty --plumb-review-gap - Fill of weeks without a check-in.
 * @cssproperty --plumb-review-blocker - Colour of blockers.
 * @cssproperty --plumb-review-progress - The value (progress) line.
 * @cssproperty --plumb-review-confidence - The confidence line.
 */
export class PlumbPersonReview extends PlumbView<PersonEvidenceOptions, Result> {
  static override styles = [themeStyles, personReviewStyles];
  protected static override messages = { family: 'person-review', catalogue: personReviewMessages };
  protected readonly query = personEvidenceQuery;

  protected get what(): string {
    return this.msg('what');
  }

  /** The person to show when no linked selection names one (an id, or a pseudonym when anonymized). */
  @property() person?: string;
  /** Replay the data as of this date (YYYY-MM-DD). */
  @property({ attribute: 'as-of' }) asOf?: string;
  /** Show ratings and reasons from earlier stages and cycles (only for a viewer who may see them). */
  @property({ type: Boolean, attribute: 'include-ratings' }) includeRatings = false;
  /** Days after a delivery within which a recognition is on time (default 7). */
  @property({ type: Number, attribute: 'recognition-days' }) recognitionDays?: number;
  /** The embedder's drafter (e.g. its own model); default: Plumb's local, deterministic one. */
  @property({ attribute: false }) drafter?: Drafter;

  /** The drafting code, loaded with the first draft (every use below has a draft, so it is there). */
  private kit: typeof import('./drafting.js') | null = null;

  /** The draft being edited (null until drafted). */
  @state() draft: Draft | null = null;
  @state() private excluded = new Set<string>();
  @state() private drafting = false;
  @state() private draftError: string | null = null;
  @state() private focusedPoint: string | null = null;
  /** The draft section open in its editor. */
  @state() private editing: DraftSection | null = null;
  private draftedFor: Result | undefined;
  private draftRun = 0;

  protected options(filter: OrgFilter): PersonEvidenceOptions {
    return {
      person: filter.person_id ?? this.person ?? '',
      cycle: this.cycle ?? null,
      asOf: this.asOf ?? null,
      includeRatings: this.includeRatings,
      ...(this.recognitionDays !== undefined ? { recognitionDays: this.recognitionDays } : {}),
    };
  }

  protected override emptyMessage(result: Result): string | null {
    return result ? null : this.msg('empty.no-person');
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // A new person (or new data): start from every item included and draft afresh.
    if (this.status === 'ready' && this.result !== this.draftedFor) {
      this.draftedFor = this.result;
      this.excluded = new Set();
      void this.redraft();
    } else if (changed.has('drafter') && this.result) void this.redraft();
    // The page's language changed: the default drafter's sentences follow, unless the manager has edited one.
    else if (this.draft && !this.drafting && this.i18n.locale !== this.draftedIn && this.draft.sentences.every((s) => s.origin !== 'edited')) void this.redraft();
  }

  /** The locale the draft's default sentences were written in. */
  private draftedIn = '';

  /** Draft again from the evidence (hand-added sentences are kept at the end). */
  async redraft(): Promise<void> {
    const evidence = this.result;
    const run = ++this.draftRun;
    if (!evidence) {
      this.draft = null;
      return;
    }
    const added = this.draft?.person.id === evidence.person.id ? this.draft.sentences.filter((s) => s.origin === 'added') : [];
    this.drafting = true;
    this.draftError = null;
    try {
      const kit = (this.kit ??= await import('./drafting.js'));
      // The default drafter writes in the page's language (the draft catalogue; core's English is its en).
      this.i18n.use('draft', kit.draftMessages);
      this.i18n.use(DRAFT_PANEL_FAMILY, kit.draftPanelMessages);
      await this.i18n.pending();
      const words = (t: Text) => this.textOf('draft', kit.draftMessages, t, t.code);
      this.draftedIn = this.i18n.locale;
      let draft = await kit.draftAssessment(evidence, { exclude: this.excluded, words, ...(this.drafter ? { drafter: this.drafter } : {}) });
      for (const s of added) draft = kit.addSentence(draft, evidence, s.section, kit.sentenceWithCitations(s));
      if (run !== this.draftRun) return;
      this.setDraft(draft);
    } catch (error) {
      if (run === this.draftRun) this.draftError = error instanceof Error ? error.message : String(error);
    } finally {
      if (run === this.draftRun) this.drafting = false;
    }
  }

  /** Resolves once the draft for the current evidence exists. */
  async draftSettled(): Promise<Draft | null> {
    await this.settled();
    for (let i = 0; i < 400 && (this.drafting || (this.result && !this.draft)); i++) await new Promise((r) => setTimeout(r, 10));
    await this.updateComplete;
    return this.draft;
  }

  private setDraft(draft: Draft): void {
    this.draft = draft;
    this.emit('plumb-draft-change', { draft, managerShare: this.kit!.managerShare(draft) });
  }

  /** Exclude an evidence item from the draft (or use it again). */
  setExcluded(id: string, excluded: boolean): void {
    const next = new Set(this.excluded);
    if (excluded) next.add(id);
    else next.delete(id);
    this.excluded = next;
    const evidence = this.result;
    if (!evidence || !this.draft) return;
    const edited = this.draft.sentences.some((s) => s.origin !== 'drafted');
    // The local drafter redrafts at once; an embedder's model is only called again on "Redraft".
    if (!this.drafter && !edited) void this.redraft();
    else this.setDraft(this.kit!.recheckDraft(this.draft, evidence, next));
  }

  /** The draft, its provenance and the evidence as JSON. */
  exportDraftJSON(): string {
    return this.draft && this.result ? this.kit!.draftToJson(this.draft, this.result) : '';
  }

  /** The review pack as Markdown. */
  exportDraftMarkdown(): string {
    return this.draft && this.result ? this.kit!.draftToMarkdown(this.draft, this.result) : '';
  }

  private download(text: string, type: string, extension: string): void {
    downloadBlob(new Blob([text], { type }), `review-${this.result?.person.id ?? 'draft'}.${extension}`);
  }

  protected override rowsForExport(result: Result): ViewRows | null {
    if (!result) return null;
    return {
      caption: this.msg('table.caption', { name: result.person.name ?? result.person.id }),
      columns: [
        { key: 'id', label: this.msg('col.id') },
        { key: 'kind', label: this.msg('col.kind') },
        { key: 'date', label: this.msg('col.date') },
        { key: 'what', label: this.msg('col.what') },
        { key: 'source', label: this.msg('col.source') },
        { key: 'used', label: this.msg('col.used') },
      ],
      rows: result.items.map((i) => ({
        id: i.id, kind: this.msg(`kind.${i.kind}`), date: i.date ? this.fmt.date(i.date) : '', what: this.describe(i, result),
        source: this.sourceText(i), used: this.excluded.has(i.id) ? this.msg('no') : this.msg('yes'),
      })),
    };
  }

  // ---- text of items -------------------------------------------------------------------------

  private pct(v: number | null): string {
    return this.fmt.percent(v);
  }

  private sourceText(i: EvidenceItem): string {
    return this.msg('source', { table: i.source.table, key: Object.values(i.source.key).filter((v) => v != null).join(' · ') });
  }

  private linkOutcome(i: Extract<EvidenceItem, { kind: 'link' }>): string {
    if (i.moved == null) return this.msg('link.pending');
    return i.moved ? this.msg('link.moved', { points: `${i.progress_change! >= 0 ? '+' : '−'}${this.fmt.number(Math.abs(i.progress_change! * 100), 0)}` }) : this.msg('link.flat');
  }

  /** One line of text for an item (the table alternative, labels). Data is text, never markup. */
  private describe(i: EvidenceItem, e: PersonEvidence): string {
    switch (i.kind) {
      case 'key_result':
      case 'team_key_result':
        return `${i.title ?? i.key_result_id} — ${this.msg('okr.progress', { p: this.pct(i.progress), s: this.pct(i.stated_progress) })}`;
      case 'objective': return `${i.title ?? i.objective_id} — ${this.pct(i.progress)}`;
      case 'check_in': return this.pointLabel(i);
      case 'gap': return `${i.key_result_title ?? i.key_result_id}: ${this.msg('col.week')} ${i.week}`;
      case 'blocker': return `${i.key_result_title ?? i.key_result_id}: ${this.fmt.date(i.raised)} → ${i.cleared ? this.fmt.date(i.cleared) : '…'}${i.note ? ` — ${i.note}` : ''}`;
      case 'link': return `${i.external_id ?? i.title ?? ''} (${i.delivered ? this.msg('link.delivered') : this.msg('link.open')}): ${this.linkOutcome(i)}`;
      case 'feedback_group': return `${this.msg(`rel.${i.relationship}`)}: ${i.suppressed ? this.msg('feedback.suppressed', { k: e.min_group }) : this.msg('feedback.givers', { n: i.givers, mean: this.fmt.number(i.mean_score, 1) })}`;
      case 'feedback_quote': return `${this.msg(`rel.${i.relationship}`)}: “${i.text}”`;
      case 'recognition': return `${i.given_by ?? ''}: “${i.message ?? ''}”`;
      case 'rating': return `${i.cycle_id ?? ''} ${i.stage ?? ''} ${i.dimension ?? ''}: ${i.rating}${i.label ? ` ${i.label}` : ''}`;
    }
  }

  private pointLabel(c: Extract<EvidenceItem, { kind: 'check_in' }>): string {
    return this.msg('timeline.point', {
      date: this.fmt.date(c.date), c: this.fmt.percent(c.confidence), p: this.fmt.percent(c.progress),
      blocked: c.blocked ? this.msg('timeline.blocked') : '',
      other: c.by_other ? this.msg('timeline.other', { who: c.author ?? '' }) : '',
      note: c.note ? this.msg('timeline.note', { note: c.note }) : '',
    });
  }

  // ---- templates -----------------------------------------------------------------------------

  /** The "use in draft" switch and the source of an item. */
  private itemControls(i: EvidenceItem, e: PersonEvidence): TemplateResult {
    const used = !this.excluded.has(i.id);
    return html`<span class="item-controls">
      <label class="use">
        <input type="checkbox" data-evidence=${i.id} .checked=${used} @change=${(ev: Event) => this.setExcluded(i.id, !(ev.target as HTMLInputElement).checked)} />
        <span>${this.msg('use.label')}</span><span class="visually-hidden">: ${this.describe(i, e)}</span>
      </label>
      <span class="source">${this.sourceText(i)} · <code>${i.id}</code></span>
    </span>`;
  }

  private renderHeader(e: PersonEvidence): TemplateResult {
    const p = e.person;
    return html`<header part="header" class="header">
      <h2>${p.name ?? p.id}</h2>
      <dl>
        <div><dt>${this.msg('header.team')}</dt><dd>${p.team_name ?? p.team_id ?? '—'}</dd></div>
        <div><dt>${this.msg('header.manager')}</dt><dd>${p.manager ?? '—'}</dd></div>
        <div><dt>${this.msg('header.level')}</dt><dd>${p.level ?? '—'}</dd></div>
      </dl>
      <p class="cycle">${this.msg('header.cycle', { cycle: e.cycle.name ?? e.cycle.cycle_id ?? '—', date: this.fmt.date(e.as_of) })}</p>
    </header>
    <p part="note" class="ratings-note" role="note">${this.msg('ratings-note')}</p>`;
  }

  /** A person with little evidence: one sentence saying what is missing and why. */
  private renderMissing(e: PersonEvidence): TemplateResult | typeof nothing {
    const missing: string[] = [];
    if (itemsOfKind(e, 'key_result').length === 0) missing.push(this.msg('missing.okr'));
    const groups = itemsOfKind(e, 'feedback_group').filter((g) => g.relationship !== 'self');
    const withheld = groups.filter((g) => g.suppressed).map((g) => this.msg(`rel.${g.relationship}`));
    if (groups.length === 0) missing.push(this.msg('missing.feedback'));
    else if (withheld.length === groups.length) missing.push(this.msg('missing.feedback-withheld', { k: e.min_group, who: this.fmt.list(withheld) }));
    if (!missing.length) return nothing;
    return html`<p class="missing" part="missing" role="note">${this.msg('missing.lead', { list: this.fmt.list(missing) })}</p>`;
  }

  private bar(progress: number | null): TemplateResult {
    // An SVG bar: its width is a presentation attribute, so no style attribute is needed (strict CSP).
    return html`<svg class="bar" width="80" height="8" viewBox="0 0 80 8" aria-hidden="true">
      <rect class="bar-track" x="0.5" y="0.5" width="79" height="7"></rect>
      <rect class="bar-fill" x="0.5" y="0.5" width=${Math.round(Math.max(0, Math.min(1, progress ?? 0)) * 79)} height="7"></rect></svg>`;
  }

  private renderKr(k: KeyResultItem, e: PersonEvidence): TemplateResult {
    const via = k.contribution.filter((c) => c !== 'owner').map((c) => this.msg(`via.${c}`));
    return html`<li class="kr" data-item=${k.id}>
      <div class="kr-title">${k.title ?? k.key_result_id}</div>
      <div class="kr-line">${this.bar(k.progress)}
        <span>${this.msg('okr.progress', { p: this.pct(k.progress), s: this.pct(k.stated_progress) })}</span>
        <span class="status" data-status=${k.status}>${this.msg(`status.${k.status}`)}</span>
        <span>${this.msg('okr.confidence', { c: this.fmt.percent(k.confidence) })}</span>
        ${k.kind === 'team_key_result' ? html`<span class="via">${k.owner ?? ''} · ${this.msg('okr.via', { how: this.fmt.list(via) })}</span>` : nothing}
      </div>
      ${this.itemControls(k, e)}
    </li>`;
  }

  private renderOkr(e: PersonEvidence): TemplateResult {
    const owned = itemsOfKind(e, 'key_result');
    const team = itemsOfKind(e, 'team_key_result');
    const objectives = itemsOfKind(e, 'objective');
    return html`<section part="okr" class="panel okr" aria-labelledby="okr-title">
      <h3 id="okr-title">${this.msg('okr.title')} <span class="badge">${this.msg('okr.badge')}</span></h3>
      <p class="explain">${this.msg('okr.explain')}</p>
      ${owned.length ? html`<h4>${this.msg('okr.owned')}</h4><ul class="krs">${owned.map((k) => this.renderKr(k, e))}</ul>` : nothing}
      ${objectives.length ? html`<h4>${this.msg('okr.objectives')}</h4><ul class="krs">${objectives.map((o) => html`<li class="kr" data-item=${o.id}>
          <div class="kr-title">${o.title ?? o.objective_id}</div>
          <div class="kr-line">${this.bar(o.progress)}<span>${this.msg('okr.progress', { p: this.pct(o.progress), s: this.pct(o.stated_progress) })}</span></div>
          ${this.itemControls(o, e)}</li>`)}</ul>` : nothing}
      ${team.length ? html`<details class="team"><summary>${this.msg('okr.team')} (${this.fmt.integer(team.length)})</summary>
          <ul class="krs">${team.map((k) => this.renderKr(k, e))}</ul></details>` : nothing}
    </section>`;
  }

  private chartWidth(): number {
    const w = this.width || 900;
    return Math.max(240, (w >= 1100 ? w * 0.58 : w) - 56);
  }

  private renderChart(k: KeyResultItem, e: PersonEvidence, layout: TimelineLayout): TemplateResult {
    const focusPoint = (id: string | null) => {
      if (!id) return;
      this.focusedPoint = id;
      this.renderRoot.querySelector<SVGElement>(`[data-point="${CSS.escape(id)}"]`)?.focus();
    };
    const checkIns = new Map(itemsOfKind(e, 'check_in').map((c) => [c.id, c]));
    const p = layout.plot;
    return html`<svg part="chart" class="chart" width=${layout.width} height=${layout.height} viewBox="0 0 ${layout.width} ${layout.height}"
        role="group" aria-label=${k.title ?? k.key_result_id}>
      ${layout.gaps.map((g) => svg`<rect class="gap" x=${g.x} y=${p.top} width=${g.width} height=${p.height}><title>${this.msg('kind.gap')}</title></rect>`)}
      ${layout.blockers.map((b) => svg`<rect class="blocker-band" x=${b.x} y=${p.top} width=${b.width} height=${p.height}></rect>
        <text class="blocker-mark" x=${b.markX} y=${p.top - 3} text-anchor="middle">!</text>`)}
      ${layout.yTicks.map((t) => svg`<line class="grid" x1=${p.left} x2=${p.left + p.width} y1=${t.y} y2=${t.y}></line>
        <text class="tick" x=${p.left - 4} y=${t.y + 4} text-anchor="end">${this.fmt.percent(t.value)}</text>`)}
      ${layout.weekTicks.map((t) => svg`<text class="tick" x=${t.x + 2} y=${p.top + p.height + 22}>${t.week}</text>`)}
      ${layout.asOfX != null ? svg`<line class="as-of" x1=${layout.asOfX} x2=${layout.asOfX} y1=${p.top} y2=${p.top + p.height}></line>` : nothing}
      ${layout.sprints.map((s) => svg`<path class="sprint" data-moved=${String(s.moved)} d="M${s.x1},${s.y - 4} V${s.y} H${s.x2} V${s.y - 4}"><title>${s.label}</title></path>`)}
      <path class="progress-line" d=${layout.progressPath}></path>
      <path class="confidence-line" d=${layout.confidencePath}></path>
      ${layout.milestones.map((m) => svg`<path class="milestone" data-delivered=${String(m.delivered)} d="M${m.x},${m.y - 6} L${m.x + 6},${m.y} L${m.x},${m.y + 6} L${m.x - 6},${m.y} Z"><title>${m.label}</title></path>`)}
      ${layout.points.filter((pt) => pt.yConfidence != null).map((pt) => {
        const c = checkIns.get(pt.id)!;
        return svg`<circle class="point" data-point=${pt.id} data-blocked=${String(pt.blocked)} data-other=${String(pt.byOther)} data-note=${String(pt.hasNote)}
          data-focused=${String(this.focusedPoint === pt.id)} cx=${pt.x} cy=${pt.yConfidence!} r=${pt.hasNote ? 5 : 3.5} tabindex="0" role="img"
          aria-label=${this.pointLabel(c)}
          @focus=${() => { this.focusedPoint = pt.id; }} @mouseenter=${() => { this.focusedPoint = pt.id; }}
          @keydown=${(ev: KeyboardEvent) => {
            if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') { ev.preventDefault(); focusPoint(neighbourPoint(layout, pt.id, ev.key === 'ArrowRight' ? 1 : -1)); }
          }}></circle>`;
      })}
    </svg>`;
  }

  private renderTimeline(e: PersonEvidence): TemplateResult {
    const owned = itemsOfKind(e, 'key_result');
    const checkIns = itemsOfKind(e, 'check_in');
    const gaps = itemsOfKind(e, 'gap');
    const blockers = itemsOfKind(e, 'blocker');
    const links = itemsOfKind(e, 'link');
    const width = this.chartWidth();
    const focused = this.focusedPoint ? checkIns.find((c) => c.id === this.focusedPoint) : undefined;
    const columns = [
      { key: 'date', label: this.msg('col.date') }, { key: 'week', label: this.msg('col.week'), numeric: true },
      { key: 'confidence', label: this.msg('col.confidence'), numeric: true }, { key: 'progress', label: this.msg('col.progress'), numeric: true },
      { key: 'status', label: this.msg('col.status') }, { key: 'note', label: this.msg('col.note') }, { key: 'author', label: this.msg('col.author') },
    ];
    return html`<section part="timeline" class="panel timeline" aria-labelledby="timeline-title">
      <h3 id="timeline-title">${this.msg('timeline.title')}</h3>
      ${owned.length === 0
        ? html`<p class="summary">${this.msg('timeline.none')}</p>`
        : html`<p class="summary">${this.msg('timeline.summary', { checkIns: checkIns.length, weeks: e.weeks.length, gaps: new Set(gaps.map((g) => g.week)).size, blockers: blockers.length })}</p>
            <p class="legend">${this.msg('timeline.legend')}</p>`}
      ${owned.map((k) => {
        const mine = <T extends { key_result_id: string }>(list: readonly T[]) => list.filter((x) => x.key_result_id === k.key_result_id);
        const layout = timelineLayout({ weeks: e.weeks, asOf: e.as_of, checkIns: mine(checkIns), gaps: mine(gaps), blockers: mine(blockers), links: mine(links) }, { width, height: 150 });
        const note = focused && focused.key_result_id === k.key_result_id ? focused : undefined;
        return html`<div class="kr-timeline">
          <h4>${k.title ?? k.key_result_id}</h4>
          ${this.renderChart(k, e, layout)}
          <p class="point-note" aria-live="polite">${note ? this.pointLabel(note) : this.msg('timeline.no-note')}</p>
          <ul class="links">${[...mine(blockers), ...mine(links)].map((i) => html`<li data-item=${i.id}>
            <span class="mark" aria-hidden="true">${i.kind === 'blocker' ? '!' : i.link_kind === 'sprint' ? '⊓' : i.delivered ? '◆' : '◇'}</span>
            ${i.kind === 'blocker' ? html`${this.msg('kind.blocker')}: ` : nothing}${this.describe(i, e)}${i.kind === 'link' && i.due_date ? html` · ${this.fmt.date(i.due_date)}` : nothing}
            ${this.itemControls(i, e)}</li>`)}</ul>
          <details class="table"><summary>${this.msg('table.show')}</summary>
            <plumb-data-table .caption=${k.title ?? k.key_result_id} .columns=${columns} .rows=${mine(checkIns).map((c) => ({
              date: this.fmt.date(c.date), week: c.week, confidence: this.fmt.percent(c.confidence), progress: this.fmt.percent(c.progress),
              status: c.status ?? '', note: c.note ?? '', author: c.by_other ? (c.author ?? '') : '',
            }))}></plumb-data-table>
            <ul class="checkins">${mine(checkIns).map((c) => html`<li data-item=${c.id}>${this.pointLabel(c)} ${this.itemControls(c, e)}</li>`)}
              ${mine(gaps).map((g) => html`<li data-item=${g.id}>${this.describe(g, e)} ${this.itemControls(g, e)}</li>`)}</ul>
          </details>
        </div>`;
      })}
    </section>`;
  }

  private renderFeedback(e: PersonEvidence): TemplateResult {
    const groups = itemsOfKind(e, 'feedback_group');
    const quotes = itemsOfKind(e, 'feedback_quote');
    return html`<section part="feedback" class="panel feedback" aria-labelledby="feedback-title">
      <h3 id="feedback-title">${this.msg('feedback.title')}</h3>
      <div class="groups">${groups.map((g) => {
        const texts = quotes.filter((q) => q.relationship === g.relationship);
        return html`<article class="group" data-item=${g.id} data-relationship=${g.relationship} data-suppressed=${String(g.suppressed)}>
          <h4>${this.msg(`rel.${g.relationship}`)}</h4>
          <p class="numbers">${g.suppressed ? this.msg('feedback.suppressed', { k: e.min_group }) : this.msg('feedback.givers', { n: g.givers, mean: this.fmt.number(g.mean_score, 1) })}</p>
          ${this.itemControls(g, e)}
          ${g.suppressed && (g.relationship === 'peer' || g.relationship === 'report') ? html`<p class="hidden-texts">${this.msg('feedback.hidden-texts', { k: e.min_group })}</p>` : nothing}
          <ul class="quotes">${texts.map((q) => html`<li data-item=${q.id}><blockquote>${q.text}</blockquote>${this.itemControls(q, e)}</li>`)}</ul>
        </article>`;
      })}</div>
    </section>`;
  }

  private renderRecognitions(e: PersonEvidence): TemplateResult {
    const list = itemsOfKind(e, 'recognition');
    return html`<section part="recognitions" class="panel recognitions" aria-labelledby="recognition-title">
      <h3 id="recognition-title">${this.msg('recognition.title')}</h3>
      ${list.length === 0 ? html`<p>${this.msg('recognition.none')}</p>` : html`<ul>${list.map((r) => html`<li data-item=${r.id}>
        <span class="date">${this.fmt.date(r.date)}</span> <strong>${r.given_by ?? ''}</strong>${r.key_result_title ? html` · ${r.key_result_title}` : nothing}
        <blockquote>${r.message ?? ''}</blockquote>
        ${r.delivery ? html`<span class="timing" data-on-time=${String(r.on_time)}>${this.msg('recognition.after', {
          days: r.days_after_delivery, what: r.delivery.kind === 'milestone' ? (r.delivery.external_id ?? '') : this.msg('recognition.target'),
        })} (${r.on_time ? this.msg('recognition.on-time') : this.msg('recognition.late')})</span>` : nothing}
        ${this.itemControls(r, e)}</li>`)}</ul>`}
      ${itemsOfKind(e, 'rating').length ? html`<h3>${this.msg('ratings.title')}</h3><ul>${itemsOfKind(e, 'rating').map((r) => html`<li data-item=${r.id}>${this.describe(r, e)}${r.reason ? html` — ${r.reason}` : nothing} ${this.itemControls(r, e)}</li>`)}</ul>` : nothing}
    </section>`;
  }

  private reveal(id: string): void {
    const target = this.renderRoot.querySelector<HTMLElement>(`[data-item="${CSS.escape(id)}"]`);
    if (!target) return;
    const details = target.closest('details');
    if (details) details.open = true;
    target.scrollIntoView({ block: 'center' });
    target.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
  }

  private renderDraft(e: PersonEvidence): TemplateResult {
    const draft = this.draft;
    const kit = this.kit;
    return html`<section part="draft" class="panel draft" aria-labelledby="draft-title" aria-busy=${String(this.drafting)}>
      <h3 id="draft-title">${this.msg('draft.title')}</h3>
      ${draft && kit ? html`<p class="share">${this.msg('draft.share', { share: this.fmt.percent(kit.managerShare(draft)) })} · ${this.msg('draft.drafter', { name: draft.drafter })}</p>` : nothing}
      <div class="actions">
        <button type="button" @click=${() => this.redraft()}>${this.msg('draft.redraft')}</button>
        <button type="button" ?disabled=${!draft} @click=${() => this.download(this.exportDraftJSON(), 'application/json', 'json')}>${this.msg('export.json')}</button>
        <button type="button" ?disabled=${!draft} @click=${() => this.download(this.exportDraftMarkdown(), 'text/markdown', 'md')}>${this.msg('export.markdown')}</button>
      </div>
      ${this.drafting && !draft ? html`<p role="status">${this.msg('draft.drafting')}</p>` : nothing}
      ${this.draftError ? html`<p role="alert" class="error">${this.draftError}</p>` : nothing}
      ${draft && kit
        ? kit.renderDraftBody({
            msg: (key, params) => this.i18n.msgOf(DRAFT_PANEL_FAMILY, key, params),
            fmt: this.fmt,
            draft,
            evidence: e,
            editing: this.editing,
            setEditing: (section) => (this.editing = section),
            setDraft: (next) => this.setDraft(next),
            describe: (item) => this.describe(item, e),
            reveal: (id) => this.reveal(id),
          })
        : nothing}
    </section>`;
  }

  protected renderResult(result: Result): TemplateResult {
    const e = result!;
    const rows = this.rowsForExport(e)!;
    return html`<div class="page" data-projector=${String(this.isProjector)}>
      ${this.renderHeader(e)}
      ${this.renderMissing(e)}
      <div class="columns">
        <div class="evidence">
          ${this.renderOkr(e)}
          ${this.renderTimeline(e)}
          ${this.renderFeedback(e)}
          ${this.renderRecognitions(e)}
          <details part="table" class="all-items"><summary>${this.msg('table.show')}: ${rows.caption}</summary>
            <plumb-data-table .caption=${rows.caption ?? ''} .columns=${rows.columns} .rows=${rows.rows} max-rows="2000"></plumb-data-table>
          </details>
        </div>
        ${this.renderDraft(e)}
      </div>
    </div>`;
  }
}
