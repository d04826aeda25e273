/**
 * Command-line parsing shared by every `plumb` command: Node's `util.parseArgs`
 * (so `--x v` and `--x=v` both work everywhere), one set of load options
 * (`--confidence-scale`, `--date-order`, `--cycle-start/--cycle-end`,
 * `--fiscal-year-start`, `--encoding`, `--map`), and usage errors as one
 * sentence naming the option.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseMappingFile, withAnswer } from '@plumb/core/load';
import { declaredCycle, parseFiscalYearStart } from '@plumb/core/load';
import { checkMapping, parseMappingList } from '@plumb/core/load';
import type { AnswerPatch, ConfidenceScale, LoadOptions } from '@plumb/core/load';
import { CONFIDENCE_SCALES, LOAD_LANGUAGES, type LoadLanguage } from '@plumb/core/load';
import { TEXT_ENCODINGS, textEncodingName } from '@plumb/core/load';

/** A mistake on the command line: exit status 2, the message and the command's help. */
export class UsageError extends Error {}

type OptionSpec = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };
export type OptionSpecs = Record<string, OptionSpec>;

/** The load options every command that reads files accepts. */
export const LOAD_OPTIONS = {
  'confidence-scale': { type: 'string' },
  'date-order': { type: 'string' },
  'cycle-start': { type: 'string' },
  'cycle-end': { type: 'string' },
  'fiscal-year-start': { type: 'string' },
  encoding: { type: 'string' },
  'rating-points': { type: 'string' },
  map: { type: 'string', multiple: true },
  answer: { type: 'string', multiple: true },
  mapping: { type: 'string' },
  'save-mapping': { type: 'string' },
  lang: { type: 'string' },
} as const satisfies OptionSpecs;

/** The help text of the load options, the same in every command. */
export const LOAD_OPTIONS_HELP = `Reading the files (the same in every command):
  FILE:table              force the table a file feeds (export.csv:key_results, sheet.csv:flat-okr); - reads standard input (-:check_ins)
  --confidence-scale S    declare the confidence scale: ${CONFIDENCE_SCALES.join(', ')}
  --date-order dmy|mdy    declare how dates like 03/04/2026 read
  --cycle-start D, --cycle-end D
                          declare the OKR cycle (YYYY-MM-DD) of objectives no cycles table describes
  --fiscal-year-start M   first month of the fiscal year (1–12 or a month name), for labels like "FY27 Q1"
  --encoding E            text encoding: utf-8, windows-1252 or latin-1 (default: UTF-8, Windows-1252 detected)
  --rating-points 3|4|5   the size of the scale that ratings written as words are on (without a rating scale file)
  --map "Column=target"   read an input column as a canonical column (repeatable; target "ignore" leaves it out),
                          e.g. --map "Key Result=key_result_id" --map "Score=check_ins.value";
                          "file.csv:Column=target" applies to that file only; a rating at a stage:
                          --map "Rating After Calibration=ratings.rating@calibrated"
  --answer "id=value"     answer a question the load asked (each question prints the option that answers it)
  --mapping FILE.json     read answers and mappings saved before (the options given here win over it)
  --save-mapping FILE.json
                          write the answers and mappings of this run, to reuse with --mapping
  --lang en|de|fr         the load's words (diagnostics, questions, decisions, column reasons) in English, German or French
A decision that would change numbers and that the data does not settle (a date order, which table, which
column is the id …) is asked, not guessed: the files it shapes are not loaded, the command exits 1 and
prints each question with the option that answers it.`;

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  load: CliLoadOptions;
  help: boolean;
}

/** Load options plus `--save-mapping FILE` (where to write this run's answers; cli/load-files.ts) and `--lang`. */
export type CliLoadOptions = LoadOptions & { saveMapping?: string; lang?: LoadLanguage };

/**
 * Parse `argv` with the command's own options plus `--help`/`-h` and, when
 * `withLoadOptions`, the load options (turned into `LoadOptions`, checked).
 * Throws `UsageError`.
 */
export function parseCommandLine(argv: readonly string[], options: OptionSpecs, withLoadOptions = true): ParsedCommandLine {
  const all: OptionSpecs = { help: { type: 'boolean', short: 'h' }, ...(withLoadOptions ? LOAD_OPTIONS : {}), ...options };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  // `-:check_ins` (standard input into a table) is a file, not the short options ":", "c", "h"…
  const STDIN = '\u0000stdin';
  const args = argv.map((a) => (a.startsWith('-:') ? STDIN + a.slice(1) : a));
  try {
    parsed = parseArgs({ args, options: all, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
  const values = parsed.values as ParsedCommandLine['values'];
  const positionals = parsed.positionals.map((p) => (p.startsWith(STDIN) ? `-${p.slice(STDIN.length)}` : p));
  const save = typeof values['save-mapping'] === 'string' ? values['save-mapping'] : undefined;
  const load: CliLoadOptions = withLoadOptions ? loadOptions(values) : {};
  if (save) load.saveMapping = save;
  const lang = values.lang;
  if (typeof lang === 'string') {
    if (!(LOAD_LANGUAGES as readonly string[]).includes(lang)) throw new UsageError(`--lang must be one of ${LOAD_LANGUAGES.join(', ')}; got "${lang}"`);
    load.lang = lang as LoadLanguage;
  }
  return { values, positionals, load, help: values.help === true };
}

/** Node's parseArgs messages, as one short sentence. */
function usageMessage(error: Error & { code?: string }): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(error.message) ? `${flag} needs a value` : `${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${flag}`;
    default:
      return error.message;
  }
}

/** The load options of a parsed command line, each checked (a wrong value is a usage error). */
export function loadOptions(values: ParsedCommandLine['values']): LoadOptions {
  const options: LoadOptions = {};
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const scale = text('confidence-scale');
  if (scale !== undefined) {
    if (!CONFIDENCE_SCALES.includes(scale as ConfidenceScale)) throw new UsageError(`--confidence-scale must be one of ${CONFIDENCE_SCALES.join(', ')}; got "${scale}"`);
    options.confidenceScale = scale as ConfidenceScale;
  }
  const order = text('date-order');
  if (order !== undefined) {
    if (order !== 'dmy' && order !== 'mdy') throw new UsageError(`--date-order must be dmy or mdy; got "${order}"`);
    options.dateOrder = order;
  }
  const encoding = text('encoding');
  if (encoding !== undefined) {
    const name = textEncodingName(encoding);
    if (!name) throw new UsageError(`--encoding must be one of ${Object.keys(TEXT_ENCODINGS).join(', ')}; got "${encoding}"`);
    options.encoding = name;
  }
  const points = text('rating-points');
  if (points !== undefined) {
    if (!['3', '4', '5'].includes(points.trim())) throw new UsageError(`--rating-points must be 3, 4 or 5; got "${points}"`);
    options.ratingPoints = Number(points.trim()) as 3 | 4 | 5;
  }
  const start = text('cycle-start');
  const end = text('cycle-end');
  if (start !== undefined) options.cycleStart = start;
  if (end !== undefined) options.cycleEnd = end;
  const fiscal = text('fiscal-year-start');
  if (fiscal !== undefined) {
    const month = parseFiscalYearStart(fiscal);
    if (month === null) throw new UsageError(`--fiscal-year-start must be a month (1–12 or a name like april); got "${fiscal}"`);
    options.fiscalYearStart = month;
  }
  const map = values.map;
  const answers = values.answer;
  const checked = (flag: string, check: () => void) => {
    try {
      check();
    } catch (error) {
      throw new UsageError(`${flag}: ${(error as Error).message}`);
    }
  };
  if (start !== undefined || end !== undefined) checked('--cycle-start/--cycle-end', () => declaredCycle(options));
  if (Array.isArray(map) && map.length) {
    checked('--map', () => {
      options.mapping = parseMappingList(map);
      checkMapping(options.mapping);
    });
  }
  if (Array.isArray(answers) && answers.length) {
    const given: Record<string, string> = {};
    for (const entry of answers) {
      const at = entry.lastIndexOf('=');
      if (at <= 0 || at === entry.length - 1) throw new UsageError(`--answer "${entry}" is not "question-id=value"`);
      given[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
    }
    options.answers = given;
  }
  const file = text('mapping');
  if (file === undefined) return options;
  // The saved answers first, then what this command line says over them.
  let saved: AnswerPatch = {};
  checked('--mapping', () => {
    let body: string;
    try {
      body = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${file} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    saved = parseMappingFile(body, file);
    checkMapping(saved.mapping);
  });
  return withAnswer(saved as LoadOptions, options);
}
