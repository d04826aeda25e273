/**
 * The details panel of a selected node (why its number and status are what they are, its recognitions), with
 * core's explanation: a chunk loaded when a reader first selects a node, never needed by a first render.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { explainCascadeNode, rollupParts, type CascadeExplanation, type CascadeRecognitionsResult, type CascadeTree } from '@plumb/core/queries';
import type { CascadeMeta, ForestNode, LazyForest } from './lazy-forest.js';
import { nodeTitle, percentText, statusLabel, type CascadeWords } from './cascade-text.js';
import { clipText } from './status-marks.js';

export { detailsStyles } from './details.styles.js';
export { cascadeDetailsMessages } from './cascade-details.messages.js';

/** What the panel reads of the element. */
export interface DetailsInput {
  /** The element's words, the details family's first (`cascadeDetailsMessages`). */
  words: CascadeWords;
  forest: LazyForest;
  meta: CascadeMeta;
  node: ForestNode;
  /** The node's recognitions once fetched (null until then). */
  recognitions: CascadeRecognitionsResult | null;
  /** The min-group recognitions are withheld under. */
  minGroup: number;
}

export function renderDetails({ words: w, forest, meta, node: n, recognitions: rec, minGroup }: DetailsInput): TemplateResult {
  const heading = html`<h3><bdi>${clipText(nodeTitle(w, n), 300)}</bdi> — ${percentText(w, n.progress, n.suppressed)}, ${statusLabel(w, n.status)}</h3>`;
  if (n.suppressed) {
    return html`<section class="details" part="details" aria-label=${w.msg('details.aria')}>
      ${heading}<p>${w.msg('details.suppressed', { k: w.fmt.integer(meta.min_group ?? 0) })}</p>
    </section>`;
  }
  const tree = { nodes: forest.nodes, index: forest.index, thresholds: meta.thresholds, elapsed: meta.elapsed } as unknown as CascadeTree;
  const ex = n.loaded ? explainCascadeNode(tree, n.key) : null;
  const shown = ex?.parts.slice(0, 12) ?? [];
  return html`<section class="details" part="details" aria-label=${w.msg('details.aria')}>
    ${heading}
    ${ex ? html`<p>${methodText(w, forest, n, ex)}</p>` : nothing}
    <p>${statusReasonText(w, n, meta)}</p>
    ${shown.length
      ? html`<ul>
          ${shown.map((p) => {
            const part = forest.nodes[forest.index.get(p.key)!]!;
            const hidden = part.suppressed;
            const line = w.msg('details.part', {
              title: clipText(p.kind === 'group' ? nodeTitle(w, part) : p.title, 120),
              via: p.via ? w.msg('details.via', { title: clipText(p.via, 60) }) : '',
              progress: percentText(w, p.progress, hidden),
              weight: w.fmt.number(p.weight, 2),
            });
            const tail = hidden ? '' : p.counted ? w.msg('details.adds', { value: percentText(w, p.contribution) }) : w.msg('details.not-counted', { reason: w.msg(`reason.${p.reason ?? 'no data'}`) });
            return html`<li><bdi>${line}</bdi>${tail}</li>`;
          })}
        </ul>`
      : nothing}
    ${ex && ex.parts.length > shown.length ? html`<p>${w.msg('details.more', { n: ex.parts.length - shown.length })}</p>` : nothing}
    ${rec ? renderRecognitions(w, rec, minGroup) : nothing}
  </section>`;
}

function renderRecognitions(w: CascadeWords, rec: CascadeRecognitionsResult, minGroup: number): TemplateResult {
  if (rec.suppressed) return html`<p>${w.msg('recognitions.suppressed', { k: w.fmt.integer(minGroup) })}</p>`;
  if (!rec.total) return html`<p>${w.msg('recognitions.none')}</p>`;
  const shown = rec.recognitions.slice(0, 8);
  return html`<p>${w.msg('recognitions.title')} (${w.fmt.integer(rec.total)})</p>
    <ul class="recognitions">
      ${shown.map(
        (r) => html`<li>
          <bdi>${w.msg('recognitions.item', { person: r.person_name ?? r.person_id ?? '', date: w.fmt.date(r.given_at) })}</bdi>
          ${r.given_by_name ? html` · <bdi>${w.msg('recognitions.by', { giver: r.given_by_name })}</bdi>` : nothing}
        </li>`,
      )}
    </ul>
    ${rec.total > shown.length ? html`<p>${w.msg('recognitions.more', { n: rec.total - shown.length })}</p>` : nothing}`;
}

/** The localised "how" of a node's number (the structure from core's explanation and roll-up parts). */
export function methodText(w: CascadeWords, forest: LazyForest, n: ForestNode, ex: CascadeExplanation): string {
  const stated = n.stated_progress != null && n.progress != null && Math.abs(n.stated_progress - n.progress) >= 0.005
    ? w.msg('method.stated', { value: w.fmt.percent(n.stated_progress) })
    : '';
  if (n.kind === 'group') return w.msg('method.group', { n: n.child_count });
  if (n.kind === 'key_result') {
    if (n.value_source == null) return w.msg('method.kr.none');
    const from = n.value_source === 'check-in' ? w.msg('from.check-in', { date: w.fmt.date(n.checked_at) }) : w.msg('from.snapshot');
    const num = (x: number | null) => w.fmt.number(x, 3);
    const computed = n.current_value != null && n.start_value != null && n.target_value != null && n.start_value !== n.target_value;
    const text = computed
      ? w.msg('method.kr.computed', { current: num(n.current_value), start: num(n.start_value), target: num(n.target_value), progress: percentText(w, n.progress), from })
      : n.progress != null
        ? w.msg('method.kr.stated', { from, progress: percentText(w, n.progress) })
        : w.msg('method.kr.undefined', { from });
    return text + stated;
  }
  const mode = n.rollup ?? 'both';
  const { source } = rollupParts(forest.nodes, forest.index.get(n.key)!, mode);
  const counted = ex.parts.filter((p) => p.counted).length;
  const what = w.msg(`what.${source}`);
  let text = counted
    ? w.msg('method.objective', { what, n: w.fmt.integer(counted), progress: percentText(w, n.progress) })
    : w.msg('method.objective.none', { what });
  if (source !== mode) text += w.msg('method.fallback', { mode, asked: w.msg(`asked.${mode === 'krs' ? 'krs' : 'children'}`) });
  if (ex.parts.length > counted) text += w.msg('method.not-counted', { n: w.fmt.integer(ex.parts.length - counted) });
  return text + stated;
}

/** Why a node has its status (progress against time elapsed, confidence, the thresholds). */
export function statusReasonText(w: CascadeWords, n: ForestNode, meta: CascadeMeta): string {
  const label = statusLabel(w, n.status);
  if (n.kind === 'group') return w.msg('status-reason.group');
  if (n.status === 'no-data') return w.msg('status-reason.no-data', { label });
  if (n.status === 'done') return w.msg('status-reason.done', { label });
  const bits: string[] = [];
  if (meta.elapsed != null && n.progress != null) bits.push(w.msg('status-reason.time', { progress: percentText(w, n.progress), elapsed: w.fmt.percent(meta.elapsed) }));
  else if (n.progress != null) bits.push(w.msg('status-reason.no-time', { progress: percentText(w, n.progress) }));
  if (n.confidence != null) bits.push(w.msg('status-reason.confidence', { value: w.fmt.percent(n.confidence) }));
  const t = meta.thresholds;
  return w.msg('status-reason.rule', {
    label, bits: bits.join(', '), gap1: w.fmt.percent(t.atRiskGap), conf1: w.fmt.percent(t.atRiskConfidence),
    gap2: w.fmt.percent(t.offTrackGap), conf2: w.fmt.percent(t.offTrackConfidence),
  });
}
