/**
 * The loader's words: every diagnostic, question, candidate, decision and column reason carries a
 * `Text` (code + params) and its English rendering from load/messages.en.ts, the one English catalogue
 * of the load (the elements translate the same codes; `<plumb-load-report>`, `<plumb-data>`).
 */
import { renderText, text, textFormatter, type Text, type TextCatalogue, type TextParams } from '../text.js';
import { quoteLiteral } from '../sql.js';
import { loadMessagesEn } from './messages.en.js';
import { loadMessagesDe } from './messages.de.js';
import { loadMessagesFr } from './messages.fr.js';
import type { LoadReport } from './types.js';
import { PlumbError } from '../diagnostics.js';

/** `t` in English (the CLI, and the `message` fields kept beside each text). */
export function english(t: Text): string {
  return renderText(t, (code) => loadMessagesEn[code], textFormatter('en'));
}

/** A text and its English: spread into a diagnostic or decision (`{ ...say('code', params) }`). */
export function say(code: string, params: TextParams = {}): { message: string; text: Text } {
  const t = text(code, params);
  return { message: english(t), text: t };
}

/** An error thrown for a caller to show: its English message and its text (a front end renders it in its language). */
export function coded(code: string, params: TextParams = {}): PlumbError {
  const t = text(code, params);
  return new PlumbError(english(t), [], t);
}

/** A parse failure: the English phrase (`error`) and its text (`errorText`). */
export function fail(code: string, params: TextParams = {}): { error: string; errorText: Text } {
  const t = text(code, params);
  return { error: english(t), errorText: t };
}

/** The evidence of an inference, in English and as a text. */
export function evidence(code: string, params: TextParams = {}): { evidence: string; evidenceText: Text } {
  const t = text(code, params);
  return { evidence: english(t), evidenceText: t };
}

/** A column's reason for not being loaded, in English and as a text (`ColumnReport`). */
export function reason(code: string, params: TextParams = {}): { reason: string; reasonText: Text } {
  const t = text(code, params);
  return { reason: english(t), reasonText: t };
}

/** SQL for a JSON string literal of a text value (data text escaped; for findings built in SQL). */
function jsonStringSql(expr: string): string {
  let e = `CAST(${expr} AS VARCHAR)`;
  for (const [from, to] of [['\\', '\\\\'], ['"', '\\"']] as const) e = `replace(${e}, ${quoteLiteral(from)}, ${quoteLiteral(to)})`;
  e = `regexp_replace(${e}, '[\\x00-\\x1f]', ' ', 'g')`;
  return `coalesce('"' || ${e} || '"', 'null')`;
}

/**
 * SQL building a finding's text as JSON: `params` maps a name to an SQL expression (text) or to
 * `{ number: expr }`; a literal JS value is given as `{ value }` (quoted here, never concatenated raw).
 */
export function textSql(code: string, params: Record<string, string | { number: string } | { value: string | number }>): string {
  const parts = Object.entries(params).map(([name, p]) => {
    const value =
      typeof p === 'string'
        ? jsonStringSql(p)
        : 'number' in p
          ? `coalesce(CAST(${p.number} AS VARCHAR), 'null')`
          : quoteLiteral(JSON.stringify(p.value));
    return `${quoteLiteral(`${JSON.stringify(name)}:`)} || ${value}`;
  });
  const body = parts.length ? parts.join(` || ',' || `) : "''";
  return `(${quoteLiteral(`{"code":${JSON.stringify(code)},"params":{`)} || ${body} || '}}')`;
}

/** A finding's stored text (JSON from `textSql` or `JSON.stringify`), or null when it has none. */
export function parseStoredText(json: string | null): Text | null {
  if (!json) return null;
  try {
    const t = JSON.parse(json) as Text;
    return typeof t?.code === 'string' && t.params && typeof t.params === 'object' ? t : null;
  } catch {
    return null;
  }
}

/** The languages the load speaks (its catalogues: messages.en.ts, messages.de.ts, messages.fr.ts). */
export const LOAD_LANGUAGES = ['en', 'de', 'fr'] as const;
export type LoadLanguage = (typeof LOAD_LANGUAGES)[number];
const CATALOGUES: Record<LoadLanguage, TextCatalogue> = { en: loadMessagesEn, de: loadMessagesDe, fr: loadMessagesFr };

/** `t` in `lang` (a code the language lacks reads in English). */
export function textIn(lang: LoadLanguage, t: Text): string {
  return renderText(t, (code) => CATALOGUES[lang][code] ?? loadMessagesEn[code], textFormatter(lang));
}

/**
 * A load report's words in `lang`, in place: every diagnostic, decision, column reason, question and candidate
 * that carries a text is rendered again from that language's catalogue (codes and params are unchanged), for a
 * front end that prints the report's strings (the CLI's `--lang`).
 */
export function localiseLoadReport(report: LoadReport, lang: LoadLanguage): LoadReport {
  if (lang === 'en') return report;
  const say = (t: Text | undefined, english: string) => (t ? textIn(lang, t) : english);
  for (const d of report.diagnostics) d.message = say(d.text, d.message);
  for (const f of report.files) {
    for (const d of f.decisions ?? []) d.message = say(d.text, d.message);
    for (const c of f.columns ?? []) if (c.reason !== undefined) c.reason = say(c.reasonText, c.reason);
  }
  for (const q of report.questions) {
    q.ask = say(q.askText, q.ask);
    for (const c of q.candidates) c.implies = say(c.impliesText, c.implies);
  }
  return report;
}
