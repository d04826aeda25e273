import type { FlatTextParams, TextCatalogue } from '../text.js';

/**
 * The default drafter's English: the one English catalogue of the draft's sentences (review/draft.ts).
 * `<plumb-person-review>` ships the same keys in German and French (person-review/draft.messages.ts,
 * whose English is this object). Titles, notes and feedback arrive quoted by `draft.quoted`.
 */
const pct = (v: unknown) => (v === null || v === undefined ? 'no measured' : `${Math.round(Number(v) * 100)}%`);
const points = (v: unknown) => `${Number(v) >= 0 ? '+' : '−'}${Math.abs(Math.round(Number(v) * 100))} points`;
const num = (v: unknown, unit: unknown) =>
  v === null || v === undefined
    ? '—'
    : `${Number.isInteger(Number(v)) ? Number(v) : Number(Number(v).toFixed(2))}${unit === '%' ? '%' : unit && unit !== 'count' && unit !== 'score' ? ` ${unit}` : ''}`;
const s = (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many);
const has = (p: FlatTextParams, k: string) => p[k] !== null && p[k] !== undefined && p[k] !== '';

export const draftMessagesEn: TextCatalogue = {
  'draft.quoted': (p) => `“${String(p.text ?? '').replace(/[“”]/g, '"').trim()}”`,
  'draft.owned': (p) => `Owned ${p.n} key result${s(p.n, '', 's')} this cycle${Number(p.reached) ? `, ${p.reached} of them at target` : ''}.`,
  'draft.milestone-flat': (p) => `${p.link} of ${p.kr} was delivered on ${p.date}, but the key result did not move in the two weeks either side.`,
  'draft.milestone-moved': (p) => `${p.link} of ${p.kr} was delivered on ${p.date}, and the key result moved ${points(p.change)} in the two weeks either side.`,
  'draft.sprint-moved': (p) => `During ${p.link} (to ${p.date}) ${p.kr} moved ${points(p.change)}.`,
  'draft.kr-moved': (p) => `${p.title} went from ${num(p.start, p.unit)} to ${num(p.current, p.unit)} (${pct(p.progress)} of the way to its target of ${num(p.target, p.unit)}).`,
  'draft.led': (p) => `Led the objective ${p.title} with ${p.krs} key result${s(p.krs, '', 's')} at ${pct(p.progress)} computed progress${has(p, 'stated') ? ` (the export states ${pct(p.stated)})` : ''}.`,
  'draft.way.link': 'a shared sprint or milestone',
  'draft.way.check-in': 'check-ins they wrote',
  'draft.way.tree': 'the objective tree',
  'draft.team': (p) => `Contributed to ${p.n} team key result${s(p.n, '', 's')} (team context, through ${p.ways}), such as ${p.titles}.`,
  'draft.checked-in': (p) => `Checked in during ${p.weeks} of ${p.total} weeks, ${p.n} check-ins in all.`,
  'draft.confidence': (p) => `Confidence in ${p.title} went from ${p.from} in week ${p.fromWeek} to ${p.to} in week ${p.toWeek}.`,
  'draft.blocker': (p) => `Raised a blocker on ${p.title} on ${p.raised}${has(p, 'note') ? ` (${p.note})` : ''}${has(p, 'cleared') ? `, cleared on ${p.cleared}` : ', still open at the last check-in'}.`,
  'draft.gap': (p) => `${p.kr} had no check-in in ${p.n} week${s(p.n, '', 's')} (week${s(p.n, '', 's')} ${p.weeks}).`,
  'draft.by-others': (p) => `${p.n} check-in${s(p.n, ' was', 's were')} written by someone else.`,
  'draft.from.peer': 'peers',
  'draft.from.report': 'reports',
  'draft.feedback-withheld': 'Feedback from {who} came from fewer than {k} people and is not summarised.',
  'draft.themes.peer': (p) => `${p.n} peers gave feedback; the themes that came up most were ${p.themes}.`,
  'draft.themes.report': (p) => `${p.n} reports gave feedback; the themes that came up most were ${p.themes}.`,
  'draft.says.self': 'The self-assessment says {quote}.',
  'draft.says.manager': 'The manager says {quote}.',
  'draft.after.milestone': (p) => String(p.milestone ?? 'a milestone'),
  'draft.after.target': 'the key result reached its target',
  'draft.recognised': (p) =>
    `Recognised on ${p.date ?? 'an undated day'} by ${p.by ?? 'a colleague'}${has(p, 'title') ? ` for ${p.title}` : ''}${
      has(p, 'days') ? `, ${p.days} day${s(p.days, '', 's')} after ${p.after}` : ''
    }: ${p.message}.`,
};
