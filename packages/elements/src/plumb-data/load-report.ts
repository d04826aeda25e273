import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { CONFIDENCE_SCALES, mappingFileOf, mappingTargets, withAnswer, type ColumnReport, type FileReport, type LoadOptions, type LoadQuestion, type LoadReport } from '@plumb/core/load';
import { PlumbElement } from '../view/plumb-element.js';
import { themeStyles } from '../shared/theme.styles.js';
import { loadReportMessages } from './load-report.messages.js';
import { LOAD_TEXT_FAMILY, loadTextMessages } from './load-text.messages.js';
import type { Text } from '@plumb/core/queries';

/** The load options a person can correct in the panel (the rest stay as the embedder set them). */
export type CorrectableLoadOptions = Pick<LoadOptions, 'confidenceScale' | 'dateOrder' | 'encoding' | 'mapping' | 'cycleStart' | 'cycleEnd' | 'fiscalYearStart' | 'answers'>;

/** Detail of `plumb-load-options`: the options to reload with (an absent key: infer it). */
export interface PlumbLoadOptionsDetail {
  options: CorrectableLoadOptions;
}

const ENCODINGS = ['utf-8', 'windows-1252', 'latin-1'] as const;

/**
 * @summary The mapping report of a load, and a form to correct it: for every file, which input
 * column became which canonical column (or why it was left out), what was inferred (confidence
 * scale, date order, value kind, encoding, cycle); a menu per column and the file-wide settings
 * emit `plumb-load-options`, on which `<plumb-data>` reloads. Rendered inside `<plumb-data>`'s
 * diagnostics panel; usable on its own with `.report`.
 *
 * Above the report, every question the load asked (`report.questions`: a decision the data does not
 * settle) with its candidate answers as radio buttons: "Answer and reload" emits `plumb-load-options`
 * with the answer applied. "Save mapping" downloads the answers and settings as a mapping file
 * (a Blob URL in the page; nothing is sent anywhere), which `mapping=` and `plumb --mapping` read.
 *
 * @event plumb-load-options - "Reload with these settings": `detail: { options }`. Bubbles, composed.
 *
 * @csspart file - One file's report.
 * @csspart columns - A file's table of columns.
 * @csspart decisions - A file's list of inferred and declared choices.
 * @csspart details - The disclosure holding the report (closed at first).
 * @csspart form - The settings and buttons.
 * @csspart questions - The questions the load asked (shown open, above the report).
 * @csspart question - One question: its candidates and the answer button.
 * @csspart save - The "Save mapping" button.
 */
export class PlumbLoadReport extends PlumbElement {
  static override styles = [
    themeStyles,
    css`
      :host { display: block; }
      section { margin-block: 0.5rem; }
      summary { cursor: pointer; font-weight: 600; }
      details { margin-block-start: 0.5rem; }
      h4 { font-size: 1em; margin: 0.5rem 0 0.25rem; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: start; padding: 0.15rem 0.5rem 0.15rem 0; border-block-end: 1px solid var(--_border); vertical-align: top; }
      td.left-out { color: var(--_muted); font-style: italic; }
      select, input, button { font: inherit; }
      select:focus-visible, input:focus-visible, button:focus-visible { outline: 2px solid var(--_focus); outline-offset: 1px; }
      ul { margin: 0.25rem 0; padding-inline-start: 1.25rem; }
      .settings { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin-block: 0.5rem; }
      .settings label { display: flex; flex-direction: column; gap: 0.15rem; }
      .buttons { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
      .questions { border: 2px solid var(--_focus); border-radius: 4px; padding: 0.5rem 0.75rem; margin-block: 0.5rem; }
      .questions h3 { font-size: 1.05em; margin: 0 0 0.25rem; }
      fieldset.question { border: 1px solid var(--_border); margin-block: 0.5rem; }
      fieldset.question legend { font-weight: 600; }
      .question label { display: flex; gap: 0.5rem; align-items: baseline; margin-block: 0.2rem; }
      .question code, .hint { color: var(--_muted); font-size: 0.9em; }
    `,
  ];

  protected static override messages = { family: 'load-report', catalogue: loadReportMessages };

  constructor() {
    super();
    // The loader's words are a family of their own (German and French on demand): the panel's render waits for them too.
    this.i18n.use(LOAD_TEXT_FAMILY, loadTextMessages);
  }

  /** The report to show (a `LoadReport` from `loadSources`). */
  @property({ attribute: false }) report: LoadReport | null = null;
  /** The options the report was loaded with (the form starts from them). */
  @property({ attribute: false }) options: CorrectableLoadOptions = {};

  /** Corrections typed but not applied: column → target ('' = as inferred), and settings. */
  @state() private mapping: Record<string, string> = {};
  @state() private settings: CorrectableLoadOptions = {};
  /** The candidate value chosen per open question (not applied yet). */
  @state() private chosen: Record<string, string> = {};
  /** Per question: asked to answer without choosing. */
  @state() private unanswered = new Set<string>();
  /** The Blob URL of the last saved mapping file (revoked when replaced). */
  private savedUrl: string | null = null;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new load resets the form (a re-render of <plumb-data> with the same report keeps what was typed).
    if (changed.has('report')) {
      this.mapping = { ...(this.options.mapping ?? {}) };
      this.settings = { ...this.options };
      this.chosen = {};
      this.unanswered = new Set();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.savedUrl) URL.revokeObjectURL(this.savedUrl);
    this.savedUrl = null;
  }

  /** A core text of the load (question, candidate, decision, reason) in the panel's language; core's English when it has none. */
  private loadText(t: Text | undefined, english = ''): string {
    return this.textOf(LOAD_TEXT_FAMILY, loadTextMessages, t, english);
  }

  /** A canonical table's name in the panel's language, with its key (what `file.csv:table` takes). */
  private tableName(table: string): string {
    return this.loadText({ code: 'table-name', params: { table } }, table);
  }

  /** A decision's value as a person reads it: a table's or scale's name, a word for a code, else as the data has it. */
  private decisionValue(kind: string, value: string): string {
    if (kind === 'table') return this.tableName(value);
    if (kind === 'confidence-scale') return this.loadText({ code: 'scale-name', params: { scale: value } }, value);
    return this.known(`value.${value}`, value);
  }

  /** A catalogue word for a code the report carries (a decision's kind or value), else the code itself (data). */
  private known(key: string, code: string): string {
    const word = this.msg(key);
    return word === key ? code : word;
  }

  /** Apply the chosen candidate of a question over the options loaded with, and ask for a reload. */
  private answer(event: Event, question: LoadQuestion): void {
    event.preventDefault();
    const candidate = question.candidates.find((c) => c.value === this.chosen[question.id]);
    if (!candidate) {
      this.unanswered = new Set([...this.unanswered, question.id]);
      return;
    }
    this.emit('plumb-load-options', { options: withAnswer({ ...this.options }, candidate.patch) });
  }

  /** The mapping file of the options the report was loaded with and the corrections typed since. */
  get mappingFile(): ReturnType<typeof mappingFileOf> {
    return mappingFileOf({ ...this.options, ...this.correctedOptions, ...(this.options.answers ? { answers: this.options.answers } : {}) });
  }

  /** Download the mapping file: a Blob URL clicked through a temporary link (no request leaves the page). */
  private save(): void {
    const blob = new Blob([`${JSON.stringify(this.mappingFile, null, 2)}\n`], { type: 'application/json' });
    if (this.savedUrl) URL.revokeObjectURL(this.savedUrl);
    this.savedUrl = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = this.savedUrl;
    link.download = 'plumb-mapping.json';
    link.hidden = true;
    this.renderRoot.appendChild(link);
    link.click();
    link.remove();
    this.emit('plumb-mapping-saved', { url: this.savedUrl, mapping: this.mappingFile });
  }

  private renderQuestion(question: LoadQuestion) {
    const name = `q-${question.id}`;
    const missing = this.unanswered.has(question.id);
    return html`<form part="question" @submit=${(e: Event) => this.answer(e, question)}>
      <fieldset class="question" aria-describedby=${missing ? `${name}-missing` : nothing}>
        <legend>${this.loadText(question.askText, question.ask)}</legend>
        <p class="hint">${this.msg('question.file', { file: question.file, tables: this.fmt.list(question.tables.map((t) => this.tableName(t))) })}</p>
        ${question.candidates.map(
          (c) => html`<label>
            <input
              type="radio"
              name=${name}
              .value=${c.value}
              .checked=${this.chosen[question.id] === c.value}
              @change=${() => {
                this.chosen = { ...this.chosen, [question.id]: c.value };
                const rest = new Set(this.unanswered);
                rest.delete(question.id);
                this.unanswered = rest;
              }}
            />
            <span><strong>${this.loadText(c.label, c.value)}</strong> — ${this.loadText(c.impliesText, c.implies)}<br /><code>${this.msg('question.option', { option: c.option })}</code></span>
          </label>`,
        )}
        <div class="buttons">
          <button type="submit">${this.msg('question.answer')}</button>
          ${missing ? html`<span id=${`${name}-missing`} role="alert">${this.msg('question.choose')}</span>` : nothing}
        </div>
      </fieldset>
    </form>`;
  }

  private renderQuestions(questions: readonly LoadQuestion[]) {
    if (!questions.length) return nothing;
    return html`<section part="questions" class="questions" aria-labelledby="questions-heading">
      <h3 id="questions-heading">${this.msg('questions.heading', { n: questions.length })}</h3>
      <p>${this.msg('questions.intro')}</p>
      ${questions.map((q) => this.renderQuestion(q))}
    </section>`;
  }

  /** Corrections that differ from the options loaded with. */
  private get pending(): number {
    const was = this.options;
    const mapping = was.mapping ?? {};
    const keys = new Set([...Object.keys(mapping), ...Object.keys(this.mapping)]);
    let n = [...keys].filter((k) => mapping[k] !== this.mapping[k]).length;
    for (const k of ['confidenceScale', 'dateOrder', 'encoding', 'cycleStart', 'cycleEnd'] as const) if ((was[k] ?? '') !== (this.settings[k] ?? '')) n++;
    return n;
  }

  private setTarget(input: string, target: string): void {
    const next = { ...this.mapping };
    if (target) next[input] = target;
    else delete next[input];
    this.mapping = next;
  }

  private setSetting<K extends keyof CorrectableLoadOptions>(key: K, value: string): void {
    const next = { ...this.settings };
    if (value) (next as Record<string, unknown>)[key] = value;
    else delete next[key];
    this.settings = next;
  }

  /** The options the form now says: settings, plus the mapping when it has entries. */
  get correctedOptions(): CorrectableLoadOptions {
    const { mapping: _ignored, ...settings } = this.settings;
    return Object.keys(this.mapping).length ? { ...settings, mapping: { ...this.mapping } } : settings;
  }

  private apply(event: Event): void {
    event.preventDefault();
    this.emit('plumb-load-options', { options: this.correctedOptions });
  }

  private reset(): void {
    this.mapping = {};
    this.settings = {};
    this.emit('plumb-load-options', { options: {} });
  }

  private renderColumn(file: FileReport, column: ColumnReport) {
    const targets = file.table ? mappingTargets(file.table) : [];
    const chosen = this.mapping[column.input] ?? '';
    const how = column.how ? this.msg(`how.${column.how}`) : '';
    return html`<tr>
      <th scope="row">${column.input}</th>
      <td class=${column.target ? '' : 'left-out'}>
        <select
          aria-label=${this.msg('target.label', { column: column.input })}
          @change=${(e: Event) => this.setTarget(column.input, (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${chosen === ''}>${this.msg('pair', { label: this.msg('target.inferred'), value: column.target ?? this.msg('target.ignore') })}</option>
          <option value="ignore" ?selected=${chosen === 'ignore'}>${this.msg('target.ignore')}</option>
          ${targets.map((t) => html`<option value=${t} ?selected=${chosen === t}>${t}</option>`)}
        </select>
      </td>
      <td>${column.target ? how : this.loadText(column.reasonText, column.reason)}</td>
    </tr>`;
  }

  private renderFile(file: FileReport) {
    const title = file.table
      ? this.msg('file.summary', { file: file.file, table: this.tableName(file.table), loaded: file.loaded_rows, input: file.input_rows })
      : this.msg('file.not-loaded', { file: file.file });
    return html`<section part="file">
      <h4>${title}</h4>
      ${file.columns?.length
        ? html`<table part="columns">
            <thead><tr><th scope="col">${this.msg('col.input')}</th><th scope="col">${this.msg('col.target')}</th><th scope="col">${this.msg('col.why')}</th></tr></thead>
            <tbody>${file.columns.map((c) => this.renderColumn(file, c))}</tbody>
          </table>`
        : nothing}
      ${file.decisions?.length
        ? html`<p>${this.msg('decisions')}:</p>
            <ul part="decisions">
              ${file.decisions.map(
                (d) => html`<li>
                  <strong>${this.msg('pair', { label: `${this.known(`kind.${d.kind}`, d.kind)}${d.column ? ` (${d.column})` : ''}`, value: this.decisionValue(d.kind, d.value) })}</strong>
                  — ${this.msg('pair', { label: this.msg(d.declared ? 'decision.declared' : 'decision.inferred'), value: this.loadText(d.text, d.message) })}
                </li>`,
              )}
            </ul>`
        : nothing}
    </section>`;
  }

  private select(key: 'confidenceScale' | 'dateOrder' | 'encoding', label: string, values: readonly string[], text: (v: string) => string = (v) => v) {
    const current = (this.settings[key] as string | undefined) ?? '';
    return html`<label>
      ${label}
      <select @change=${(e: Event) => this.setSetting(key, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${current === ''}>${this.msg('infer')}</option>
        ${values.map((v) => html`<option value=${v} ?selected=${current === v}>${text(v)}</option>`)}
      </select>
    </label>`;
  }

  override render() {
    const report = this.report;
    if (!report) return nothing;
    // Questions open, above everything; then the report, closed at first (the diagnostics come first).
    return html`${this.renderQuestions(report.questions ?? [])}<details part="details">
      <summary>${this.msg('heading')}</summary>
      <form part="form" @submit=${this.apply}>
      ${report.files.map((f) => this.renderFile(f))}
      <fieldset class="settings">
        <legend>${this.msg('settings')}</legend>
        ${this.select('confidenceScale', this.msg('scale.label'), CONFIDENCE_SCALES, (v) => this.loadText({ code: 'scale-name', params: { scale: v } }, v))}
        ${this.select('dateOrder', this.msg('order.label'), ['dmy', 'mdy'], (v) => this.msg(`order.${v}`))}
        ${this.select('encoding', this.msg('encoding.label'), ENCODINGS)}
        <label>${this.msg('cycle.start')}
          <input type="date" .value=${this.settings.cycleStart ?? ''} @change=${(e: Event) => this.setSetting('cycleStart', (e.target as HTMLInputElement).value)} />
        </label>
        <label>${this.msg('cycle.end')}
          <input type="date" .value=${this.settings.cycleEnd ?? ''} @change=${(e: Event) => this.setSetting('cycleEnd', (e.target as HTMLInputElement).value)} />
        </label>
      </fieldset>
      <div class="buttons">
        <button type="submit">${this.msg('apply')}</button>
        <button type="button" @click=${this.reset}>${this.msg('reset')}</button>
        <button type="button" part="save" title=${this.msg('save.hint')} @click=${this.save}>${this.msg('save')}</button>
        <span role="status">${this.pending ? this.msg('pending', { n: this.pending }) : ''}</span>
      </div>
      </form>
    </details>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'plumb-load-options': CustomEvent<PlumbLoadOptionsDetail>;
    'plumb-mapping-saved': CustomEvent<{ url: string; mapping: ReturnType<typeof mappingFileOf> }>;
  }
}
