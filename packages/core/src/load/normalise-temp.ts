// TEMPORARY stand-in for src/normalise (branch `normalise`), deleted after merging main.
import { SCHEMA, type CanonicalTable } from '../schema.js';
import type { ConfidenceScale } from './types.js';

export function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const A: Record<string, string[]> = {
  objective_id: ['objectiveid', 'objid'],
  key_result_id: ['keyresultid', 'krid', 'kr'],
  person_id: ['personid', 'employeeid', 'id'],
  team_id: ['teamid', 'team', 'department'],
  parent_objective_id: ['parentobjectiveid', 'parentobjective', 'alignedto', 'parent'],
  parent_team_id: ['parentteamid', 'parentteam'],
  manager_id: ['managerid', 'manager'],
  title: ['title', 'name'],
  owner_id: ['owner', 'ownerid'],
  cycle_id: ['cycle', 'cycleid', 'quarter', 'period'],
  start_value: ['start', 'startvalue', 'baseline'],
  target_value: ['target', 'targetvalue'],
  current_value: ['current', 'currentvalue', 'actual'],
  value: ['value', 'current', 'actual'],
  progress: ['progress'],
  confidence: ['confidence', 'conf', 'status'],
  checked_at: ['checkedat', 'date', 'checkindate'],
  note: ['note', 'comment'],
  weight: ['weight'],
  unit: ['unit'],
  objective_title: ['objective', 'objectivetitle'],
};
export const COLUMN_ALIASES = A;

export function mapColumns(headers: string[], table: CanonicalTable | 'flat-okr') {
  const targets =
    table === 'flat-okr'
      ? [
          ...['objective_id', 'title', 'owner_id', 'team_id', 'cycle_id', 'parent_objective_id'].map((c) => `objective.${c}`),
          ...['key_result_id', 'title', 'owner_id', 'start_value', 'target_value', 'current_value', 'progress', 'confidence', 'unit'].map((c) => `key_result.${c}`),
        ]
      : SCHEMA[table].columns.map((c) => c.name);
  const mapping: Record<string, string> = {};
  const unmapped: string[] = [];
  const used = new Set<string>();
  const duplicates: string[] = [];
  for (const h of headers) {
    const n = normaliseHeader(h);
    let hit: string | undefined;
    for (const t of targets) {
      const [prefix, col] = t.includes('.') ? t.split('.') : ['', t];
      const aliases = [normaliseHeader(col!), ...(A[col!] ?? [])];
      const pre = prefix === 'objective' ? ['objective', 'obj'] : prefix === 'key_result' ? ['keyresult', 'kr'] : [''];
      if (pre.some((p) => aliases.some((a) => p + a === n || (p === '' ? false : a === n && col === 'title' ? false : false)))) hit = t;
      if (!hit && prefix === 'objective' && col === 'title' && n === 'objective') hit = t;
      if (!hit && prefix === 'key_result' && col === 'title' && n === 'keyresult') hit = t;
      if (!hit && prefix === 'key_result' && col !== 'title' && aliases.includes(n)) hit = t;
      if (hit) break;
    }
    if (hit && used.has(hit)) duplicates.push(h);
    else if (hit) {
      mapping[h] = hit;
      used.add(hit);
    } else unmapped.push(h);
  }
  const required =
    table === 'flat-okr' ? ['objective.title', 'key_result.title'] : SCHEMA[table].columns.filter((c) => c.required).map((c) => c.name);
  const missingRequired = required.filter((r) => !used.has(r) && !(table === 'flat-okr' && r === 'objective.title' && used.has('objective.objective_id')));
  return { mapping, unmapped, missingRequired, duplicates };
}

export function inferTable(headers: string[], fileName: string) {
  const n = headers.map(normaliseHeader);
  const f = fileName.toLowerCase();
  let table: CanonicalTable | 'flat-okr' | null = null;
  if (n.includes('objective') && (n.includes('keyresult') || n.includes('kr'))) table = 'flat-okr';
  else if (f.includes('check') || n.includes('checkedat') || n.includes('checkindate')) table = 'check_ins';
  else if (f.includes('key_result') || f.includes('kr') || n.includes('keyresultid') && n.includes('objectiveid')) table = 'key_results';
  else if (f.includes('objective') || n.includes('objectiveid')) table = 'objectives';
  else if (f.includes('people') || n.includes('managerid')) table = 'people';
  else if (f.includes('team') || n.includes('parentteamid')) table = 'teams';
  else if (f.includes('rating')) table = 'ratings';
  return { table, score: table ? 1 : 0, reason: table ? 'temp' : 'no match', alternatives: [] as string[] };
}

export function parseSourceSpec(spec: string): { path: string; table?: CanonicalTable } {
  const m = /^(.*):([a-z_]+)$/.exec(spec);
  if (m && (SCHEMA as Record<string, unknown>)[m[2]!]) return { path: m[1]!, table: m[2] as CanonicalTable };
  return { path: spec };
}

export function inferDecimalSeparator(values: string[]): '.' | ',' {
  let comma = 0;
  let dot = 0;
  for (const v of values) {
    if (/^-?\d+,\d{1,2}$/.test(v) || /\.\d{3},\d+$/.test(v)) comma++;
    if (/^-?\d+\.\d{1,2}$/.test(v) || /,\d{3}\.\d+$/.test(v)) dot++;
  }
  return comma > dot ? ',' : '.';
}

export function parseNumber(text: string, opts: { decimal: '.' | ',' }): { value: number; percent: boolean } | { error: string } {
  let t = text.trim();
  const percent = t.endsWith('%');
  if (percent) t = t.slice(0, -1).trim();
  t = opts.decimal === ',' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return { error: `"${text}" is not a number` };
  const n = Number(t);
  return { value: percent ? n / 100 : n, percent };
}

export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export function parseDate(text: string, order: DateOrder): { iso: string } | { error: string } {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
  else if ((m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t))) {
    [d, mo] = order === 'mdy' ? [+m[2]!, +m[1]!] : [+m[1]!, +m[2]!];
    y = +m[3]!;
  } else return { error: `"${text}" is not a date` };
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { error: `"${text}" is not a date` };
  return { iso: dt.toISOString().slice(0, 10) };
}

export function inferDateOrder(values: string[]): { order: DateOrder; ambiguous: boolean; evidence: string | null } {
  for (const v of values) {
    const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(v.trim());
    if (!m) continue;
    if (+m[1]! > 12) return { order: 'dmy', ambiguous: false, evidence: v };
    if (+m[2]! > 12) return { order: 'mdy', ambiguous: false, evidence: v };
  }
  return { order: 'dmy', ambiguous: true, evidence: null };
}

export function inferConfidenceScale(values: string[]): { scale: ConfidenceScale | null; reason: string } {
  const l = values.map((v) => v.trim().toLowerCase());
  if (l.some((v) => ['red', 'amber', 'green'].includes(v))) return { scale: 'red-amber-green', reason: 'words red/amber/green' };
  if (l.some((v) => ['low', 'medium', 'high'].includes(v))) return { scale: 'low-medium-high', reason: 'words' };
  if (l.some((v) => v.includes('track') || v.includes('risk'))) return { scale: 'on-track', reason: 'words' };
  if (l.some((v) => v.endsWith('%'))) return { scale: 'percent', reason: '%' };
  const n = l.map(Number).filter((x) => Number.isFinite(x));
  const max = Math.max(...n);
  if (max <= 1) return { scale: 'unit', reason: 'all values within 0–1' };
  if (max <= 10) return { scale: 'ten', reason: 'values up to 10' };
  return { scale: 'percent', reason: 'values above 10' };
}

export function normaliseConfidence(raw: string, scale: ConfidenceScale): { value: number } | { error: string } {
  const v = raw.trim().toLowerCase();
  const words: Record<string, Record<string, number>> = {
    'red-amber-green': { red: 0.2, amber: 0.5, green: 0.8 },
    'low-medium-high': { low: 0.2, medium: 0.5, high: 0.8 },
    'on-track': { 'off track': 0.2, 'at risk': 0.5, 'on track': 0.8 },
  };
  if (words[scale]) {
    const w = words[scale]![v];
    return w === undefined ? { error: `"${raw}" is not one of ${Object.keys(words[scale]!).join(', ')}` } : { value: w };
  }
  const p = parseNumber(v, { decimal: /^\d+,\d+$/.test(v) ? ',' : '.' });
  if ('error' in p) return p;
  const x = p.percent ? p.value : scale === 'ten' ? p.value / 10 : scale === 'percent' ? p.value / 100 : p.value;
  if (x < 0 || x > 1) return { error: `${raw} is outside the ${scale} scale` };
  return { value: x };
}
