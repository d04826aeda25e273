import { CASCADE_STATUSES, type CascadeStatus } from '@plumb/core/queries';
import type { Formatter } from '../i18n/format.js';
import type { MessageParams } from '../i18n/catalogue.js';
import type { CascadeMeta, ForestNode } from './lazy-forest.js';
import { clipText } from './status-marks.js';

/** The element's catalogue and formats, as the sentences below need them (pure: no element, no DOM). */
export interface CascadeWords {
  msg(key: string, params?: MessageParams): string;
  readonly fmt: Formatter;
}

/** Titles in the DOM are clipped (a 100,000-character title would stall layout). */
export const TITLE_DOM_MAX = 240;
/** Accessible names stay short enough to be read out. */
export const ARIA_LABEL_MAX = 400;

export function nodeTitle(w: CascadeWords, n: ForestNode): string {
  return n.kind === 'group' ? w.msg('group.title') : n.title;
}

export function statusLabel(w: CascadeWords, status: CascadeStatus): string {
  return w.msg(`status.${status}`);
}

/** A status on a card or a row, where space is short ("Withheld"; the full reason is in the title and details). */
export function shortStatusLabel(w: CascadeWords, status: CascadeStatus): string {
  return status === 'withheld' ? w.msg('status.withheld-short') : statusLabel(w, status);
}

/** A progress share as shown: "withheld" for a suppressed figure, "no data" for none — never 0 %. */
export function percentText(w: CascadeWords, x: number | null, suppressed = false): string {
  return suppressed ? w.msg('progress.hidden') : x == null ? w.msg('progress.none') : w.fmt.percent(x);
}

export function ownerText(n: ForestNode): string {
  if (n.kind === 'group') return '';
  return n.owner_name ?? n.team_name ?? '';
}

/** "2 of 3 milestones (1 late) · 4 of 6 sprints", or ''. */
export function linksText(w: CascadeWords, n: ForestNode): string {
  const l = n.links;
  if (!l || (!l.milestones && !l.sprints)) return '';
  const bits: string[] = [];
  if (l.milestones) {
    bits.push(
      w.msg('links.milestones', { done: w.fmt.integer(l.milestones_done), n: w.fmt.integer(l.milestones) }) +
        (l.milestones_late ? w.msg('links.late', { n: w.fmt.integer(l.milestones_late) }) : ''),
    );
  }
  if (l.sprints) bits.push(w.msg('links.sprints', { done: w.fmt.integer(l.sprints_done), n: w.fmt.integer(l.sprints) }));
  return bits.join(' · ');
}

/**
 * "1 of 29 shown" for a group opened for a selection's path through it, which holds only the children on
 * that path (`shown` rows under it); else null.
 */
export function partialGroupText(w: CascadeWords, n: ForestNode, expanded: boolean, shown: number): string | null {
  return n.kind === 'group' && expanded && !n.loaded ? w.msg('group.partial', { shown: w.fmt.integer(shown), n: w.fmt.integer(n.child_count) }) : null;
}

/** A node's accessible name: kind, title, owner, progress, status, confidence, links, recognitions (a group: its count). */
export function ariaLabel(w: CascadeWords, n: ForestNode, partial: string | null = null): string {
  if (n.kind === 'group') {
    const count = partial ? `${partial}. ${w.msg('group.partial-hint')}` : w.msg('group.count', { n: n.child_count });
    return clipText(`${nodeTitle(w, n)}: ${count}`, ARIA_LABEL_MAX);
  }
  const owner = ownerText(n);
  const bits = [
    `${w.msg(`kind.${n.kind}`)}: ${clipText(n.title, TITLE_DOM_MAX)}`,
    owner ? clipText(owner, 80) : '',
    percentText(w, n.progress, n.suppressed),
    statusLabel(w, n.status),
    n.confidence != null ? w.msg('aria.confidence', { value: w.fmt.percent(n.confidence) }) : '',
    linksText(w, n),
    n.recognitions.count ? w.msg('recognitions.count', { n: n.recognitions.count }) : '',
  ];
  return clipText(bits.filter(Boolean).join(', '), ARIA_LABEL_MAX);
}

/** The sentence above the tree: cycle, counts by status, alignment, focus, rows shown. */
export function summaryText(w: CascadeWords, meta: CascadeMeta, rowsShown: number): string {
  const counts = meta.status_counts;
  const parts = CASCADE_STATUSES.filter((s) => counts[s] > 0).map((s) =>
    w.msg('count.status', {
      n: w.fmt.integer(counts[s]),
      // Mid-sentence, English and French lower-case a status; German keeps "Im Plan" as written.
      status: w.msg('summary.lowercase-status') === 'yes' ? statusLabel(w, s).toLocaleLowerCase(w.fmt.locale) : statusLabel(w, s),
    }),
  );
  const cycle = meta.cycle.name ?? meta.cycle.cycle_id ?? w.msg('summary.all-cycles');
  const when = meta.as_of
    ? w.msg('summary.as-of', { date: w.fmt.date(meta.as_of) })
    : meta.reference_date
      ? w.msg('summary.data-to', { date: w.fmt.date(meta.reference_date) })
      : '';
  const main = w.msg('summary.main', {
    cycle, when, company: w.fmt.integer(meta.company), objectives: w.fmt.integer(meta.objectives),
    krs: w.fmt.integer(meta.key_results), parts: w.fmt.list(parts),
  });
  const aligned = meta.unaligned ? w.msg('summary.unaligned', { n: meta.unaligned }) : w.msg('summary.aligned');
  const focus = meta.focus.length ? ` ${w.msg('summary.focus', { n: meta.focus.length })}` : '';
  return `${main}${aligned}${focus} ${w.msg('summary.showing', { n: rowsShown })}`;
}
