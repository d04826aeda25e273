/**
 * The loader's words: every diagnostic, question, candidate, decision and column reason carries a
 * `Text` (code + params) and its English rendering from load/messages.en.ts, the one English catalogue
 * of the load (the elements translate the same codes; `<plumb-load-report>`, `<plumb-data>`).
 */
import { renderText, text, textFormatter, type Text, type TextParams } from '../text.js';
import { quoteLiteral } from '../sql.js';
import { loadMessagesEn } from './messages.en.js';

/** `t` in English (the CLI, and the `message` fields kept beside each text). */
export function english(t: Text): string {
  return renderText(t, (code) => loadMessagesEn[code], textFormatter('en'));
}

/** A text and its English: spread into a diagnostic or decision (`{ ...say('code', params) }`). */
export function say(code: string, params: TextParams = {}): { message: string; text: Text } {
  const t = text(code, params);
  return { message: english(t), text: t };
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
