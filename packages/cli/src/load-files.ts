/**
 * What every `plumb` command that reads files does around the loader: the questions the load asked,
 * each with the option that answers it, and `--save-mapping` (this run's answers as a mapping file).
 */
import { writeFile } from 'node:fs/promises';
import type { LoadOptions, LoadReport } from '@plumb/core/load';
import { localiseLoadReport, mappingFileOf } from '@plumb/core/load';
import type { LoadQuestion } from '@plumb/core/load';
import type { CliIO } from './io.js';
import type { CliLoadOptions } from './options.js';
import type { Connector } from '@plumb/core/queries';
import { openFiles } from '@plumb/core/node';

/** A question as lines for a terminal: the question, then one line per answer with its option. */
export function formatQuestion(q: LoadQuestion): string[] {
  const lines = [`question ${q.id}: ${q.ask}`];
  for (const c of q.candidates) lines.push(`  ${c.option}    (${c.implies})`);
  return lines;
}

/** Every question of a report, as text (empty when none was asked). */
export function formatQuestions(report: Pick<LoadReport, 'questions'>): string[] {
  if (report.questions.length === 0) return [];
  const n = report.questions.length;
  return [
    `${n} ${n === 1 ? 'question' : 'questions'} to answer before the files ${n === 1 ? 'it shapes load' : 'they shape load'} (add one option per question and run again):`,
    ...report.questions.flatMap(formatQuestion),
  ];
}

/** `--save-mapping FILE`: write the answers and mappings the run was given. */
export async function saveMapping(path: string | undefined, load: LoadOptions, io: CliIO): Promise<void> {
  if (!path) return;
  await writeFile(path, `${JSON.stringify(mappingFileOf(load), null, 2)}\n`);
  io.stderr(`answers and mappings saved to ${path} (reuse with --mapping ${path})`);
}

/**
 * Open FILE… for a command: the loader's report (its words in `--lang`), the questions on stderr (unless the
 * command prints them itself: `plumb validate`), and `--save-mapping` written.
 */
export async function openForCommand(
  files: string[],
  load: CliLoadOptions,
  io: CliIO,
  options: { printQuestions?: boolean; connector?: Connector } = {},
): Promise<{ connector: Connector; report: LoadReport }> {
  const { saveMapping: savePath, lang, ...loadOptions } = load;
  const opened = options.connector ? await openFiles(files, { ...loadOptions, connector: options.connector }) : await openFiles(files, loadOptions);
  if (lang) localiseLoadReport(opened.report, lang);
  if (options.printQuestions !== false) {
    const lines = formatQuestions(opened.report);
    if (lines.length) io.stderr(lines.join('\n'));
  }
  await saveMapping(savePath, loadOptions, io);
  return opened;
}
