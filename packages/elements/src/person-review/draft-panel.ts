/**
 * The draft's sentences (with their citation chips and an editor per section), the box to add one, and the
 * guardrails (coverage, recency): part of the draft's chunk (drafting.ts), drawn once a draft exists.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import {
  DRAFT_SECTIONS, addSentence, draftCoverage, draftRecency, editSentence, removeSentence,
  type Draft, type DraftSection, type DraftSentence, type EvidenceItem, type EvidenceKind, type PersonEvidence, type SentenceFlag,
} from '@plumb/core/queries';
import type { Formatter } from '../i18n/format.js';
import type { MessageParams } from '../i18n/catalogue.js';
import { recencyBars } from './timeline-layout.js';

const FLAG_ORDER: readonly SentenceFlag[] = ['unsupported', 'unknown-evidence', 'excluded-evidence', 'rating-value', 'rating-label', 'okr-to-rating'];

/** What the panel reads of `<plumb-person-review>`. */
export interface DraftPanelInput {
  /** The panel's words (family `draft-panel`, then the element's own). */
  msg(key: string, params?: MessageParams): string;
  readonly fmt: Formatter;
  draft: Draft;
  evidence: PersonEvidence;
  /** The section being edited (its sentences as a text box). */
  editing: DraftSection | null;
  setEditing(section: DraftSection | null): void;
  /** Take a changed draft (announced as `plumb-draft-change`). */
  setDraft(draft: Draft): void;
  /** An evidence item in words (a citation chip's accessible name). */
  describe(item: EvidenceItem): string;
  /** Open and focus an evidence item (a chip's click). */
  reveal(id: string): void;
}

/** Citation numbers in order of first citation across the draft (the chips; ids stay in the exports). */
function citeNumbers(draft: Draft): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const s of draft.sentences) for (const c of s.cites) if (!numbers.has(c)) numbers.set(c, numbers.size + 1);
  return numbers;
}

/** A section as the editor shows it: one sentence a line, citations as their numbers ("… [1, 3]"). */
function sectionText(sentences: readonly DraftSentence[], numbers: Map<string, number>): string {
  return sentences.map((s) => `${s.text}${s.cites.length ? ` [${s.cites.map((c) => numbers.get(c) ?? c).join(', ')}]` : ''}`).join('\n');
}

/**
 * Apply a section's edited text: line i edits sentence i (unchanged lines stay as drafted), extra
 * lines are added, missing ones removed; "[1, 3]" turns back into the evidence ids those chips stand for.
 */
function saveSection(input: DraftPanelInput, section: DraftSection, text: string): void {
  let draft = input.draft;
  const e = input.evidence;
  const numbers = citeNumbers(draft);
  const ids = new Map([...numbers].map(([id, n]) => [String(n), id]));
  const before = draft.sentences.filter((x) => x.section === section);
  const shown = sectionText(before, numbers).split('\n');
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const raw = (line: string) => line.replace(/\[([^\]]*)\]/g, (_m, inner: string) => `[${inner.split(',').map((t) => ids.get(t.trim()) ?? t.trim()).join(', ')}]`);
  lines.forEach((line, i) => {
    const old = before[i];
    if (!old) draft = addSentence(draft, e, section, raw(line));
    else if (line !== shown[i]) draft = editSentence(draft, e, old.id, raw(line));
  });
  for (const old of before.slice(lines.length)) draft = removeSentence(draft, old.id);
  input.setEditing(null);
  input.setDraft(draft);
}

function renderSection(input: DraftPanelInput, section: DraftSection, sentences: readonly DraftSentence[], numbers: Map<string, number>): TemplateResult {
  const { msg, fmt, evidence: e } = input;
  const title = msg(`section.${section}`);
  const chip = (id: string) => {
    const item = e.items.find((i) => i.id === id);
    const n = numbers.get(id)!;
    return html`<button type="button" class="cite" data-cite=${id}
      aria-label=${msg('draft.cite-aria', { n, what: item ? input.describe(item) : id })} @click=${() => input.reveal(id)}>${fmt.integer(n)}</button>`;
  };
  const editing = input.editing === section;
  return html`<section class="draft-section" data-section=${section}>
    <h4>${title}
      <button type="button" class="edit" aria-expanded=${String(editing)} aria-label=${msg('draft.edit-section', { section: title })}
        @click=${() => input.setEditing(editing ? null : section)}>${msg(editing ? 'draft.done' : 'draft.edit')}</button></h4>
    ${editing
      ? html`<textarea class="section-editor" rows=${Math.max(3, sentences.length + 1)} aria-label=${msg('draft.edit-section', { section: title })}
            aria-describedby="editor-help" .value=${sectionText(sentences, numbers)}
            @change=${(ev: Event) => saveSection(input, section, (ev.target as HTMLTextAreaElement).value)}></textarea>
          <p id="editor-help" class="editor-help">${msg('draft.editor-help')}</p>`
      : html`<p class="prose">${sentences.map((s) => {
          const flags = FLAG_ORDER.filter((f) => s.flags.includes(f));
          return html`<span class="sentence" data-sentence=${s.id} data-origin=${s.origin} data-flagged=${String(flags.length > 0)} title=${msg(`origin.${s.origin}`)}
            ><span class="text">${s.text}</span>${s.cites.length ? html`<sup class="cites">${s.cites.map(chip)}</sup>` : nothing}${flags.length
              ? html`<span class="flags">${flags.map((f) => html` <span data-flag=${f}><span aria-hidden="true">⚠</span> ${msg(`flag.${f}`)}</span>`)}</span>`
              : nothing} </span>`;
        })}</p>`}
  </section>`;
}

function renderGuardrails({ msg, fmt, draft, evidence: e }: DraftPanelInput): TemplateResult {
  const coverage = draftCoverage(draft, e);
  const recency = draftRecency(draft, e);
  const unused = coverage.filter((c) => c.cited === 0).map((c) => msg(`kind.${c.kind as EvidenceKind}`));
  const bars = recencyBars(recency.per_week, { width: 260, height: 40 });
  return html`<div part="guardrails" class="guardrails">
    <h4>${msg('guard.title')}</h4>
    <table class="coverage"><caption>${msg('guard.coverage')}</caption>
      <thead><tr><th scope="col">${msg('guard.kind')}</th><th scope="col">${msg('guard.available')}</th><th scope="col">${msg('guard.cited')}</th><th scope="col">${msg('guard.excluded')}</th></tr></thead>
      <tbody>${coverage.map((c) => html`<tr><th scope="row">${msg(`kind.${c.kind}`)}</th><td>${fmt.integer(c.available)}</td><td>${fmt.integer(c.cited)}</td><td>${fmt.integer(c.excluded)}</td></tr>`)}</tbody>
    </table>
    ${unused.length ? html`<p class="unused">${msg('guard.unused', { kinds: fmt.list(unused) })}</p>` : nothing}
    <p class="recency-title">${msg('guard.recency')}</p>
    <svg class="recency" width="260" height="52" viewBox="0 0 260 52" role="img"
      aria-label=${recency.per_week.map((n, i) => `${msg('col.week')} ${i + 1}: ${n}`).join(', ')}>
      ${bars.map((b) => svg`<rect x=${b.x} y=${b.y} width=${b.width} height=${b.height} data-late=${String(b.week > Math.floor(bars.length * 0.75))}></rect>`)}
      <line x1="0" x2="260" y1="40.5" y2="40.5" class="axis"></line>
      <text x="0" y="51" class="tick">1</text><text x="260" y="51" class="tick" text-anchor="end">${bars.length}</text>
    </svg>
    <p class="recency-verdict" data-bunched=${String(recency.bunched)}>${recency.last_quarter_share == null ? msg('guard.no-dated') : recency.bunched ? msg('guard.bunched') : msg('guard.spread')}</p>
  </div>`;
}

/** The draft's sections, the box to add a sentence, and the guardrails. */
export function renderDraftBody(input: DraftPanelInput): TemplateResult {
  const { draft, msg } = input;
  const numbers = citeNumbers(draft);
  return html`${DRAFT_SECTIONS.map((section: DraftSection) => {
      const sentences = draft.sentences.filter((s) => s.section === section);
      return sentences.length || input.editing === section ? renderSection(input, section, sentences, numbers) : nothing;
    })}
    <div class="add">
      <textarea rows="2" aria-label=${msg('draft.add')} placeholder=${msg('draft.add-placeholder')}></textarea>
      <button type="button" @click=${(ev: Event) => {
        const box = (ev.target as HTMLElement).previousElementSibling as HTMLTextAreaElement;
        if (!box.value.trim()) return;
        input.setDraft(addSentence(input.draft, input.evidence, 'other', box.value));
        box.value = '';
      }}>${msg('draft.add')}</button></div>
    ${renderGuardrails(input)}`;
}
