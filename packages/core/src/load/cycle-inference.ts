/**
 * Exports without a cycles table. Objectives name their cycle ("2026 Q3",
 * "Q3 2026", "FY27 Q1", "2026-H1") or none at all, yet a burn-down needs the
 * cycle's start and end. After a load this module gives every objective whose
 * cycle no cycles row describes one, in this order:
 * 1. declared dates (`cycleStart`/`cycleEnd`, `--cycle-start/--cycle-end`);
 * 2. the period its cycle label names (fiscal labels with `fiscalYearStart`);
 * 3. the calendar quarter(s) holding its key results' check-ins;
 * and says which, in a `cycle-inferred` warning (nothing when declared).
 */
import { tableToRows } from '../arrow-rows.js';
import type { Connector } from '../connector.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadDecision, LoadOptions } from './types.js';
import { text } from '../text.js';
import { coded, say } from './text.js';

export interface Period {
  start: string;
  end: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A fiscal-year start as typed: 1–12, or a month name ("april", "Apr"). Null when it is neither. */
export function parseFiscalYearStart(text: string | number): number | null {
  if (typeof text === 'number') return Number.isInteger(text) && text >= 1 && text <= 12 ? text : null;
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) return parseFiscalYearStart(Number(t));
  const i = t.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(t)) : -1;
  return i >= 0 ? i + 1 : null;
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
/** First day of month `m` (1-based, may overflow past 12) of year `y`. */
function monthStart(y: number, m: number): string {
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((((m - 1) % 12) + 12) % 12) + 1;
  return iso(yy, mm, 1);
}
/** Last day of the month before month `m` of year `y`. */
function dayBefore(y: number, m: number): string {
  const date = new Date(Date.UTC(y, m - 1, 1) - 86_400_000);
  return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}
/** `months` months from month `m` of year `y`. */
const span = (y: number, m: number, months: number): Period => ({ start: monthStart(y, m), end: dayBefore(y, m + months) });

const year = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

/**
 * The dates a period label names, or null: "2026 Q3", "Q3 2026", "Q3-26",
 * "2026-H1", "H2 2026", "2026", "FY27", "FY27 Q1", "Q1 FY2027", "FY27 H2".
 * A fiscal year is named by the calendar year it ends in (FY27 starting in
 * April runs 2026-04-01 – 2027-03-31); `fiscalYearStart` 1 (January) makes
 * FY27 the calendar year 2027.
 */
export function parsePeriodLabel(label: string, fiscalYearStart = 1): Period | null {
  const t = label.trim().toUpperCase().replace(/[\s_/.\-']+/g, ' ').trim();
  let m: RegExpExecArray | null;
  const part = (kind: string, n: number, y: number, first: number): Period =>
    kind === 'Q' ? span(y, first + 3 * (n - 1), 3) : span(y, first + 6 * (n - 1), 6);
  // Fiscal: FY27 Q1, Q1 FY27, FY27.
  const fiscal = (fy: number, kind?: string, n?: number): Period => {
    const startYear = fiscalYearStart === 1 ? fy : fy - 1;
    return kind && n ? part(kind, n, startYear, fiscalYearStart) : span(startYear, fiscalYearStart, 12);
  };
  if ((m = /^FY ?(\d{2}|\d{4})(?: ([QH])([1-4]))?$/.exec(t))) {
    if (m[2] === 'H' && Number(m[3]) > 2) return null;
    return fiscal(year(m[1]!), m[2], m[3] ? Number(m[3]) : undefined);
  }
  if ((m = /^([QH])([1-4]) FY ?(\d{2}|\d{4})$/.exec(t))) {
    if (m[1] === 'H' && Number(m[2]) > 2) return null;
    return fiscal(year(m[3]!), m[1], Number(m[2]));
  }
  // Calendar: 2026 Q3, 2026Q3, Q3 2026, Q3 26, 2026 H1, H1 2026.
  if ((m = /^(\d{4}) ?([QH])([1-4])$/.exec(t)) || (m = /^([QH])([1-4]) ?(\d{4}|\d{2})$/.exec(t))) {
    const [kind, n, y] = /^\d/.test(m[1]!) ? [m[2]!, Number(m[3]), year(m[1]!)] : [m[1]!, Number(m[2]), year(m[3]!)];
    if (kind === 'H' && n > 2) return null;
    return part(kind, n, y, 1);
  }
  if ((m = /^(\d{4})$/.exec(t))) return span(Number(m[1]), 1, 12);
  return null;
}

/**
 * The period a longer label names somewhere in its words: "H2 2026 Performance Review" → H2 2026,
 * "FY2026 Annual Calibration" → FY2026, "Revue annuelle 2026" → 2026. The longest run of one to three
 * words that parsePeriodLabel reads wins; null when none does or two different periods are named.
 */
export function periodInLabel(label: string, fiscalYearStart = 1): { period: Period; text: string } | null {
  const whole = parsePeriodLabel(label, fiscalYearStart);
  if (whole) return { period: whole, text: label };
  const words = label.split(/[\s_/,;:()]+/).filter(Boolean);
  for (const size of [3, 2, 1]) {
    const found = new Map<string, { period: Period; text: string }>();
    for (let i = 0; i + size <= words.length; i++) {
      const text = words.slice(i, i + size).join(' ');
      const period = parsePeriodLabel(text, fiscalYearStart);
      if (period) found.set(`${period.start}/${period.end}`, { period, text });
    }
    if (found.size === 1) return [...found.values()][0]!;
    if (found.size > 1) return null;
  }
  return null;
}

/**
 * Review cycles (of ratings and feedback) that no cycles row describes get one, kind `review`, from the period
 * their label names ("H2 2026 Performance Review" → 2026-07-01 – 2026-12-31), so that feedback from a review
 * overlapping an OKR cycle is evidence for that cycle's OKRs in the person review. Labels naming no period are
 * left as they are (the review then reads their feedback by date).
 */
export async function inferReviewCycles(db: Connector, options: LoadOptions, fileOf: (table: 'ratings' | 'feedback') => string | undefined): Promise<{ diagnostics: Diagnostic[]; decisions: (LoadDecision & { file: string })[] }> {
  const diagnostics: Diagnostic[] = [];
  const decisions: (LoadDecision & { file: string })[] = [];
  const open = tableToRows<{ label: string; t: 'ratings' | 'feedback' }>(
    await db.query(
      `SELECT label, min(t) AS t FROM (SELECT cycle_id AS label, 'ratings' AS t FROM ratings UNION ALL SELECT cycle_id, 'feedback' FROM feedback)
       WHERE label IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cycles c WHERE c.cycle_id = label) GROUP BY 1 ORDER BY 1`,
    ),
  );
  for (const o of open) {
    const found = periodInLabel(o.label, options.fiscalYearStart ?? 1);
    if (!found) continue;
    await db.query(`INSERT INTO cycles (cycle_id, name, kind, start_date, end_date) VALUES (?, ?, 'review', ?::DATE, ?::DATE)`, [o.label, o.label, found.period.start, found.period.end]);
    const file = fileOf(o.t) ?? '';
    const said = say('cycle.review-from-name', { cycle: o.label, start: found.period.start, end: found.period.end, text: found.text });
    decisions.push({ kind: 'cycle', value: `${found.period.start}/${found.period.end}`, declared: false, ...said, file });
    diagnostics.push({ severity: 'warning', code: 'cycle-inferred', ...said, ...(file ? { file } : {}) });
  }
  return { diagnostics, decisions };
}

/** The calendar quarter label of an ISO date: "2026 Q3". */
function quarterOf(date: string): { label: string; year: number; q: number } {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  return { label: `${y} Q${q}`, year: y, q };
}

/** Declared cycle dates, checked (the caller's options: a wrong one throws). */
export function declaredCycle(options: LoadOptions): Period | null {
  const { cycleStart, cycleEnd } = options;
  if (cycleStart === undefined && cycleEnd === undefined) return null;
  if (!cycleStart || !cycleEnd) throw coded('error.cycle-both');
  for (const d of [cycleStart, cycleEnd]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw coded('error.cycle-date', { date: d });
  }
  if (cycleStart > cycleEnd) throw coded('error.cycle-order', { start: cycleStart, end: cycleEnd });
  return { start: cycleStart, end: cycleEnd };
}

/**
 * Give every objective without a described cycle one (see the module comment).
 * Returns the warnings and the decisions for the mapping report, on `file`.
 */
export async function inferCycles(
  db: Connector,
  options: LoadOptions,
  file: string | undefined,
): Promise<{ diagnostics: Diagnostic[]; decisions: (LoadDecision & { file: string })[] }> {
  const diagnostics: Diagnostic[] = [];
  const decisions: (LoadDecision & { file: string })[] = [];
  const open = tableToRows<{ label: string | null; n: number }>(
    await db.query(
      `SELECT o.cycle_id AS label, count(*)::INTEGER AS n FROM objectives o
       WHERE NOT EXISTS (SELECT 1 FROM cycles c WHERE c.cycle_id = o.cycle_id) GROUP BY 1 ORDER BY 1 NULLS LAST`,
    ),
  );
  if (open.length === 0) return { diagnostics, decisions };
  const note = (d: Omit<LoadDecision, 'kind'>, warn: boolean) => {
    decisions.push({ kind: 'cycle', ...d, file: file ?? '' });
    if (warn) diagnostics.push({ severity: 'warning', code: 'cycle-inferred', message: d.message, ...(d.text ? { text: d.text } : {}), ...(file ? { file } : {}) });
  };
  const addCycle = async (id: string, period: Period) => {
    await db.query(`INSERT INTO cycles (cycle_id, name, kind, start_date, end_date) VALUES (?, ?, 'okr', ?::DATE, ?::DATE)`, [id, id, period.start, period.end]);
  };
  const assign = async (label: string | null, id: string) => {
    if (label === null) await db.query(`UPDATE objectives SET cycle_id = ? WHERE cycle_id IS NULL`, [id]);
  };

  const declared = declaredCycle(options);
  if (declared) {
    const labels = open.filter((o) => o.label !== null).map((o) => o.label!);
    const id = labels.length === 1 ? labels[0]! : `${declared.start} – ${declared.end}`;
    await addCycle(id, declared);
    for (const o of open) {
      if (o.label !== null && o.label !== id) await db.query(`UPDATE objectives SET cycle_id = ? WHERE cycle_id = ?`, [id, o.label]);
      await assign(o.label, id);
    }
    note({ value: `${declared.start}/${declared.end}`, declared: true, ...say('cycle.declared', { cycle: id, start: declared.start, end: declared.end }) }, false);
    return { diagnostics, decisions };
  }

  const fiscalDeclared = options.fiscalYearStart !== undefined;
  const fiscalStart = options.fiscalYearStart ?? 1;
  const fromDates: { label: string | null; n: number }[] = [];
  for (const o of open) {
    const period = o.label === null ? null : parsePeriodLabel(o.label, fiscalStart);
    if (!period) {
      fromDates.push(o);
      continue;
    }
    await addCycle(o.label!, period);
    note(
      {
        value: `${period.start}/${period.end}`,
        declared: false,
        ...say('cycle.from-name', { cycle: o.label!, n: o.n, start: period.start, end: period.end, fiscal: /FY/i.test(o.label!) && !fiscalDeclared ? 'january' : null }),
      },
      true,
    );
  }
  for (const o of fromDates) {
    const [range] = tableToRows<{ lo: string | null; hi: string | null; n: number }>(
      await db.query(
        `SELECT min(ci.checked_at)::VARCHAR AS lo, max(ci.checked_at)::VARCHAR AS hi, count(*)::INTEGER AS n
         FROM objectives o JOIN key_results k ON k.objective_id = o.objective_id JOIN check_ins ci ON ci.key_result_id = k.key_result_id
         WHERE o.cycle_id IS NOT DISTINCT FROM ?`,
        [o.label],
      ),
    );
    const what = o.label === null ? text('cycle.none', { n: o.n }) : text('cycle.named', { cycle: o.label, n: o.n });
    if (!range?.lo || !range.hi) {
      diagnostics.push({
        severity: 'warning',
        code: 'cycle-unknown',
        ...say('cycle.unknown', { what }),
        ...(file ? { file } : {}),
      });
      continue;
    }
    const first = quarterOf(range.lo);
    const last = quarterOf(range.hi);
    const period: Period = { start: span(first.year, 3 * first.q - 2, 3).start, end: span(last.year, 3 * last.q - 2, 3).end };
    const quarters = first.label === last.label ? first.label : `${first.label} – ${last.label}`;
    const id = o.label ?? quarters;
    const exists = tableToRows<{ n: number }>(await db.query(`SELECT count(*)::INTEGER AS n FROM cycles WHERE cycle_id = ?`, [id]))[0]!.n > 0;
    if (!exists) await addCycle(id, period);
    await assign(o.label, id);
    note(
      {
        value: `${period.start}/${period.end}`,
        declared: false,
        ...say('cycle.from-check-ins', { what, n: range.n, lo: range.lo, hi: range.hi, quarters, start: period.start, end: period.end, named: o.label === null ? id : null }),
      },
      true,
    );
  }
  return { diagnostics, decisions };
}
