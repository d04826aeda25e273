/**
 * Certain, or asked. An import decision that changes numbers (which table a file feeds, which column is
 * the id, which rows are objectives, a scale, a stage, a date order) either rests on structural evidence
 * named in the file's `decisions`, or becomes a `LoadQuestion`: the file it shapes is held back (its rows
 * counted as rejected under the `question` code) until an answer arrives as a load option.
 *
 * An answer is a small patch of load options (`AnswerPatch`): a declared date order, a mapping entry
 * scoped to one file, or an entry of `answers` keyed by the question's id. The same patch is what the CLI
 * option says (`optionText`), what `<plumb-load-report>` applies when a person picks a candidate, and what
 * a saved mapping file holds (`MappingFile`), so an answer given once is reused as is.
 */
import type { AnswerPatch, CandidateDraft, LoadOptions, LoadQuestion, MappingFile, QuestionDraft } from './types.js';
import type { Text } from '../text.js';
import { coded, english } from './text.js';

/** The id a question gets unless its shape names one. */
export function questionId(kind: string, file: string, column?: string): string {
  return column ? `${kind}:${file}:${column}` : `${kind}:${file}`;
}

/** A generic candidate: answered through `answers[id]` (`--answer "id=value"`). */
export function answerCandidate(id: string, value: string, implies: Text, label?: Text): CandidateDraft {
  return { value, implies, ...(label ? { label } : {}), patch: { answers: { [id]: value } } };
}

const quoteArg = (s: string) => (/^[A-Za-z0-9_.,:@=/+-]+$/.test(s) ? s : `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);

/** The command-line options that give an answer patch (one string, options separated by spaces). */
export function optionText(patch: AnswerPatch): string {
  const parts: string[] = [];
  if (patch.dateOrder) parts.push(`--date-order ${patch.dateOrder}`);
  if (patch.confidenceScale) parts.push(`--confidence-scale ${patch.confidenceScale}`);
  if (patch.encoding) parts.push(`--encoding ${patch.encoding}`);
  if (patch.cycleStart) parts.push(`--cycle-start ${patch.cycleStart}`);
  if (patch.cycleEnd) parts.push(`--cycle-end ${patch.cycleEnd}`);
  if (patch.fiscalYearStart) parts.push(`--fiscal-year-start ${patch.fiscalYearStart}`);
  if (patch.ratingPoints) parts.push(`--rating-points ${patch.ratingPoints}`);
  for (const [k, v] of Object.entries(patch.mapping ?? {})) parts.push(`--map ${quoteArg(`${k}=${v}`)}`);
  for (const [k, v] of Object.entries(patch.answers ?? {})) parts.push(`--answer ${quoteArg(`${k}=${v}`)}`);
  return parts.join(' ');
}

/** A question with its English, and every candidate's English and option text, filled in. */
export function completeQuestion(draft: QuestionDraft): LoadQuestion {
  return {
    ...draft,
    id: draft.id ?? questionId(draft.kind, draft.file, draft.column),
    ask: english(draft.ask),
    askText: draft.ask,
    candidates: draft.candidates.map(({ implies, ...c }) => ({ ...c, implies: english(implies), impliesText: implies, option: optionText(c.patch) })),
  };
}

/** Load options with an answer patch over them (entries of `mapping` and `answers` merged; the patch wins). */
export function withAnswer<T extends LoadOptions>(options: T, patch: AnswerPatch): T {
  const merged: T = { ...options, ...patch };
  if (options.mapping || patch.mapping) merged.mapping = { ...options.mapping, ...patch.mapping };
  if (options.answers || patch.answers) merged.answers = { ...options.answers, ...patch.answers };
  return merged;
}

// ---------------------------------------------------------------- the mapping file

const PATCH_KEYS = ['dateOrder', 'confidenceScale', 'encoding', 'cycleStart', 'cycleEnd', 'fiscalYearStart', 'ratingPoints', 'mapping', 'answers'] as const;

/** The answer-bearing part of load options, as a mapping file. */
export function mappingFileOf(options: LoadOptions): MappingFile {
  const file: MappingFile = { plumb: 'mapping', version: 1 };
  for (const key of PATCH_KEYS) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    (file as unknown as Record<string, unknown>)[key] = value;
  }
  return file;
}

/** Read a mapping file's text (JSON); throws a `PlumbError` naming what is wrong. */
export function parseMappingFile(text: string, name = 'mapping file'): AnswerPatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw coded('error.mapping-not-json', { name, error: (error as Error).message });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || (parsed as { plumb?: unknown }).plumb !== 'mapping') {
    throw coded('error.mapping-not-plumb', { name });
  }
  const record = parsed as Record<string, unknown>;
  if (record.version !== 1) throw coded('error.mapping-version', { name, version: String(record.version) });
  const patch: AnswerPatch = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'plumb' || key === 'version') continue;
    if (!(PATCH_KEYS as readonly string[]).includes(key)) throw coded('error.mapping-unknown-entry', { name, key, known: PATCH_KEYS.join(', ') });
    if (key === 'mapping' || key === 'answers') {
      if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        throw coded('error.mapping-not-texts', { name, key });
      }
    } else if (key === 'fiscalYearStart' || key === 'ratingPoints' ? typeof value !== 'number' : typeof value !== 'string') {
      throw coded('error.mapping-wrong-type', { name, key });
    }
    (patch as Record<string, unknown>)[key] = value;
  }
  return patch;
}
