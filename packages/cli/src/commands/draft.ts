import { personEvidence } from '@plumb/core/queries';
import { draftAssessment, type DraftStyle } from '@plumb/core/queries';
import { draftToJson, draftToMarkdown } from '@plumb/core/queries';
import type { CliIO } from '../io.js';
import { runPersonCommand } from './review.js';
import { LOAD_OPTIONS_HELP } from '../options.js';

export const summary = 'A review draft for one person from their evidence, every sentence with its citations';

const HELP = `Usage: plumb draft PERSON FILE... [--json] [--detailed] [--cycle C] [--as-of YYYY-MM-DD] [--min-group K]
                   [--exclude ID]... [--anonymize] [--salt S]

Prints the default draft (local and deterministic: no model, no network) as
Markdown: short paragraphs on delivery, team outcomes, the weeks of the cycle,
feedback and recognition, every sentence followed by the evidence ids it rests
on, then the coverage and recency guardrails and the source of every cited
item. --exclude leaves an evidence id (from \`plumb review\`) out of the draft.
--json prints draft, provenance and evidence as JSON. The draft proposes no
rating: ratings are the manager's.

${LOAD_OPTIONS_HELP}

Exit status: 0 fine, 1 errors in the data (reported on stderr) or no such person, 2 usage error.`;

export function run(argv: string[], io: CliIO): Promise<number> {
  return runPersonCommand('draft', HELP, argv, io, async (connector, parsed) => {
    const evidence = await personEvidence(connector, { person: parsed.person, ...parsed.options });
    const exclude = (parsed.values.exclude as string[] | undefined) ?? [];
    const style: DraftStyle = parsed.values.detailed === true ? 'detailed' : 'concise';
    const draft = await draftAssessment(evidence, { exclude, style });
    return parsed.json ? draftToJson(draft, evidence) : draftToMarkdown(draft, evidence);
  }, { detailed: { type: 'boolean' }, exclude: { type: 'string', multiple: true } });
}
