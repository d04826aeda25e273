import { draftCoverage, draftRecency, managerShare, RATINGS_NOTE, DRAFT_SECTIONS, type Draft } from './draft.js';
import type { EvidenceItem, PersonEvidence } from './types.js';

/** Draft + provenance + evidence as one JSON document (what the element's "Export JSON" writes). */
export function draftExport(draft: Draft, evidence: PersonEvidence) {
  return {
    person: draft.person,
    cycle_id: draft.cycle_id,
    as_of: draft.as_of,
    drafter: draft.drafter,
    note: RATINGS_NOTE,
    manager_share: Math.round(managerShare(draft) * 1000) / 1000,
    coverage: draftCoverage(draft, evidence),
    recency: draftRecency(draft, evidence),
    sentences: draft.sentences.map((s) => ({ id: s.id, section: s.section, text: s.text, cites: s.cites, origin: s.origin, flags: s.flags, drafted_text: s.drafted_text })),
    excluded: draft.excluded,
    evidence: evidence.items,
  };
}

export function draftToJson(draft: Draft, evidence: PersonEvidence): string {
  return JSON.stringify(draftExport(draft, evidence), null, 2);
}

/**
 * Text as Markdown text, never markup: characters Markdown or HTML would interpret are escaped, so a
 * drafter's `<script>` or `[link](…)` stays visible characters in any Markdown renderer.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

const SECTION_TITLES: Record<string, string> = {
  delivery: 'Delivery on owned key results', team: 'Contribution to team outcomes', weeks: 'The cycle week by week',
  feedback: 'What peers and reports said', recognition: 'Recognition', other: 'Other',
};

function evidenceLine(item: EvidenceItem): string {
  const s = item.source;
  const key = Object.entries(s.key).map(([k, v]) => `${k}=${v ?? '∅'}`).join(', ');
  return `- \`${item.id}\` ${item.kind}${s.date ? ` (${s.date})` : ''}: ${s.table} \`${key.replace(/`/g, '')}\``;
}

/** The review pack as Markdown: the note on ratings, the draft with citations and provenance, the guardrails and every cited item's source. */
export function draftToMarkdown(draft: Draft, evidence: PersonEvidence): string {
  const share = managerShare(draft);
  const coverage = draftCoverage(draft, evidence);
  const recency = draftRecency(draft, evidence);
  const lines = [
    `# Review draft: ${markdownText(draft.person.name ?? draft.person.id)}`,
    '',
    `Cycle ${markdownText(draft.cycle_id ?? '—')}, as of ${draft.as_of}. Drafted by ${markdownText(draft.drafter)}; ${Math.round(share * 100)}% written by the manager.`,
    '',
    `> ${RATINGS_NOTE}`,
  ];
  for (const section of DRAFT_SECTIONS) {
    const sentences = draft.sentences.filter((s) => s.section === section);
    if (!sentences.length) continue;
    lines.push('', `## ${SECTION_TITLES[section]}`, '');
    for (const s of sentences) {
      const cites = s.cites.length ? ` — ${s.cites.map((c) => `\`${c.replace(/`/g, '')}\``).join(', ')}` : '';
      const flags = s.flags.length ? ` **[${s.flags.join(', ')}]**` : '';
      lines.push(`- ${markdownText(s.text)}${cites} _(${s.origin})_${flags}`);
    }
  }
  lines.push('', '## Evidence coverage', '', '| Source | Items | Cited | Excluded |', '|---|---:|---:|---:|');
  for (const c of coverage) lines.push(`| ${c.kind} | ${c.available} | ${c.cited} | ${c.excluded} |`);
  lines.push('', `Recency: ${recency.last_quarter_share == null ? 'no dated evidence cited' : `${Math.round(recency.last_quarter_share * 100)}% of cited dated items fall in the last quarter of the cycle${recency.bunched ? ' (bunched at the end)' : ''}`}.`);
  const cited = new Set(draft.sentences.flatMap((s) => s.cites));
  lines.push('', '## Sources of cited evidence', '');
  for (const item of evidence.items) if (cited.has(item.id)) lines.push(evidenceLine(item));
  return `${lines.join('\n')}\n`;
}
