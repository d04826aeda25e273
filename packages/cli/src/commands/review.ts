import type { Connector } from '@plumb/core/queries';
import { openForCommand } from '../load-files.js';
import { LOAD_OPTIONS_HELP, parseCommandLine, UsageError, type CliLoadOptions, type OptionSpecs, type ParsedCommandLine } from '../options.js';
import { personEvidence } from '@plumb/core/queries';
import type { PersonEvidence, PersonEvidenceOptions } from '@plumb/core/queries';
import type { CliIO } from '../io.js';
import { formatDiagnostic } from './validate.js';

export const summary = 'One person\'s evidence for a review: key results, check-ins, links, 360 feedback, recognitions';

const HELP = `Usage: plumb review PERSON FILE... [--json] [--cycle C] [--as-of YYYY-MM-DD] [--min-group K]
                    [--include-ratings] [--anonymize] [--salt S]

Prints every item about PERSON (a person_id) in the cycle, each with its
evidence id and source row: key results owned and objectives led (context,
not a score), team key results contributed to, the check-in timeline (notes,
blockers, gaps, check-ins written by someone else), milestones and sprints
with whether the key result moved around each, 360 feedback by relationship
(numbers only over groups of at least --min-group givers, default 5) and
recognitions with the delivery they followed. --cycle defaults to the latest
cycle with objectives; --as-of to the end of its review period.

${LOAD_OPTIONS_HELP}

Exit status: 0 fine, 1 errors in the data (reported on stderr) or no such person, 2 usage error.`;

export interface ParsedReviewArgs {
  person: string;
  files: string[];
  json: boolean;
  options: Omit<PersonEvidenceOptions, 'person'>;
  /** How the files are read: the load options every command takes (cli/options.ts). */
  load: CliLoadOptions;
  /** The values of the command's own extra options (`plumb draft --detailed`, `--exclude`). */
  values: ParsedCommandLine['values'];
}

const REVIEW_OPTIONS = {
  json: { type: 'boolean' },
  cycle: { type: 'string' },
  'as-of': { type: 'string' },
  'min-group': { type: 'string' },
  'include-ratings': { type: 'boolean' },
  anonymize: { type: 'boolean' },
  salt: { type: 'string' },
} as const satisfies OptionSpecs;

/** Arguments of `plumb review` and `plumb draft`: PERSON first, then files, flags and the load options. */
export function parseReviewArgs(argv: readonly string[], extra: OptionSpecs = {}): ParsedReviewArgs {
  const { values, positionals, load } = parseCommandLine(argv, { ...REVIEW_OPTIONS, ...extra });
  const options: ParsedReviewArgs['options'] = {};
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  if (text('cycle') !== undefined) options.cycle = text('cycle')!;
  const asOf = text('as-of');
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of needs a date YYYY-MM-DD, got "${asOf}"`);
    options.asOf = asOf;
  }
  const minGroup = text('min-group');
  if (minGroup !== undefined) {
    const n = Number(minGroup);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--min-group needs a whole number ≥ 1, got "${minGroup}"`);
    options.minGroup = n;
  }
  if (values['include-ratings'] === true) options.includeRatings = true;
  if (values.anonymize === true) options.anonymize = true;
  if (text('salt') !== undefined) options.salt = text('salt')!;
  const [person, ...files] = positionals;
  if (!person) throw new UsageError('give a PERSON (person_id) and at least one FILE');
  if (files.length === 0) throw new UsageError('give at least one FILE after the PERSON');
  return { person, files, json: values.json === true, options, load, values };
}

const pct = (v: number | null) => (v == null ? '—' : `${Math.round(v * 100)}%`);

/** The bundle as a readable brief, one line per item, its evidence id first. */
export function formatEvidence(e: PersonEvidence): string {
  const p = e.person;
  const lines = [
    `${p.name ?? p.id} (${p.id}) — ${p.team_name ?? p.team_id ?? 'no team'}, manager ${p.manager ?? '—'}`,
    `Cycle ${e.cycle.cycle_id ?? '—'}${e.cycle.name ? ` (${e.cycle.name})` : ''}, as of ${e.as_of}; feedback from ${e.review_cycles.join(', ') || '—'}; min-group ${e.min_group}.`,
    'OKR progress below is context for the conversation, not a score.',
  ];
  let kind = '';
  for (const i of e.items) {
    if (i.kind !== kind) { kind = i.kind; lines.push('', `${kind.replace(/_/g, ' ')}:`); }
    let text: string;
    switch (i.kind) {
      case 'key_result': case 'team_key_result':
        text = `${i.title} — ${pct(i.progress)} (stated ${pct(i.stated_progress)}), confidence ${i.confidence ?? '—'}, ${i.status}${i.kind === 'team_key_result' ? `, team context via ${i.contribution.join('/')}` : ''}`; break;
      case 'objective': text = `${i.title} — ${pct(i.progress)} over ${i.key_results} key results`; break;
      case 'check_in': text = `week ${i.week} ${i.key_result_title}: value ${i.value ?? '—'}, confidence ${i.confidence ?? '—'}${i.blocked ? ', BLOCKED' : ''}${i.by_other ? `, written by ${i.author}` : ''}${i.note ? ` — "${i.note}"` : ''}`; break;
      case 'gap': text = `week ${i.week} (${i.week_start}…${i.week_end}) no check-in on ${i.key_result_title}`; break;
      case 'blocker': text = `${i.key_result_title}: raised ${i.raised}, ${i.cleared ? `cleared ${i.cleared}` : 'not cleared'}${i.note ? ` — "${i.note}"` : ''}`; break;
      case 'link': text = `${i.link_kind} ${i.external_id ?? i.title} due ${i.due_date ?? '—'} (${i.status ?? '—'}) on ${i.key_result_title}: ${i.moved == null ? 'not measurable yet' : i.moved ? `moved ${Math.round((i.progress_change ?? 0) * 100)} points` : 'did not move'}`; break;
      case 'feedback_group': text = `${i.relationship}: ${i.suppressed ? `fewer than ${e.min_group} givers, not shown as numbers` : `${i.givers} givers, mean score ${i.mean_score ?? '—'}`}`; break;
      case 'feedback_quote': text = `${i.relationship}: "${i.text}"`; break;
      case 'recognition': text = `by ${i.given_by ?? '—'}${i.key_result_title ? ` for ${i.key_result_title}` : ''}${i.days_after_delivery != null ? `, ${i.days_after_delivery} days after delivery${i.on_time ? '' : ' (late)'}` : ''} — "${i.message ?? ''}"`; break;
      case 'rating': text = `${i.cycle_id} ${i.stage} ${i.dimension}: ${i.rating}${i.label ? ` ${i.label}` : ''}${i.reason ? ` — ${i.reason}` : ''}`; break;
    }
    lines.push(`  ${i.id}  ${i.date ?? '          '}  ${text}`);
  }
  return lines.join('\n');
}

/** Load FILE… and hand the database to `body`; load diagnostics go to stderr and make the exit status 1. */
export async function withFiles(files: string[], load: CliLoadOptions, io: CliIO, body: (connector: Connector) => Promise<void>): Promise<boolean> {
  const { connector, report } = await openForCommand(files, load, io);
  for (const d of report.diagnostics) io.stderr(formatDiagnostic(d));
  try {
    await body(connector);
  } finally {
    await connector.close();
  }
  return !report.ok;
}

/** Shared body of `plumb review` and `plumb draft`. */
export async function runPersonCommand(
  name: string, help: string, argv: string[], io: CliIO,
  print: (connector: Connector, parsed: ParsedReviewArgs) => Promise<string>,
  extra: OptionSpecs = {},
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(help);
    return 0;
  }
  let parsed: ParsedReviewArgs;
  try {
    parsed = parseReviewArgs(argv, extra);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`plumb ${name}: ${error.message}\n\n${help}`);
      return 2;
    }
    throw error;
  }
  try {
    const dataErrors = await withFiles(parsed.files, parsed.load, io, async (connector) => io.stdout(await print(connector, parsed)));
    return dataErrors ? 1 : 0;
  } catch (error) {
    io.stderr(`plumb ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

export function run(argv: string[], io: CliIO): Promise<number> {
  return runPersonCommand('review', HELP, argv, io, async (connector, parsed) => {
    const evidence = await personEvidence(connector, { person: parsed.person, ...parsed.options });
    return parsed.json ? JSON.stringify(evidence, null, 2) : formatEvidence(evidence);
  });
}
