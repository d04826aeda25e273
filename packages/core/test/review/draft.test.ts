import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeConnector } from '../../src/node/index.js';
import { loadSample, sampleRows } from '../../src/sample/index.js';
import {
  addSentence, checkSentence, draftAssessment, draftCoverage, draftRecency, draftToJson, draftToMarkdown, editSentence,
  managerShare, personEvidence, splitSentences, type Drafter, type PersonEvidence,
} from '../../src/review/index.js';

const db = new NodeConnector();
let evidence: PersonEvidence;
let names: string[];
beforeAll(async () => {
  const { sample } = await loadSample(db, { people: 600, seed: 1 });
  names = sampleRows(sample.tables.people).map((p) => String(p.name));
  evidence = await personEvidence(db, { person: 'p0005' });
}, 60_000);
afterAll(() => db.close());

const RATING_WORDS = /\b(Unsatisfactory|Needs improvement|Meets expectations|Exceeds expectations|Outstanding|rated|rating)\b/i;

describe('the default drafter', () => {
  it('cites only existing evidence in every sentence, proposes no rating, and is deterministic', async () => {
    const draft = await draftAssessment(evidence);
    expect(draft.drafter).toBe('plumb-default');
    expect(draft.sentences.length).toBeGreaterThan(5);
    const ids = new Set(evidence.items.map((i) => i.id));
    for (const s of draft.sentences) {
      expect(s.cites.length, s.text).toBeGreaterThan(0);
      for (const c of s.cites) expect(ids.has(c), `${s.id} cites ${c}`).toBe(true);
      expect(s.flags, s.text).toEqual([]);
      expect(s.text).not.toMatch(RATING_WORDS);
      expect(s.origin).toBe('drafted');
    }
    expect(new Set(draft.sentences.map((s) => s.section))).toEqual(new Set(['delivery', 'team', 'weeks', 'feedback']));
    expect(await draftAssessment(evidence)).toEqual(draft);
    // The milestone that shipped without the key result moving is said so.
    expect(draft.sentences.some((s) => /did not move/.test(s.text) && s.cites.includes('link:kr-0026:milestone:MS-40-2'))).toBe(true);
  });

  it('changes when an item is excluded, and never cites what was excluded', async () => {
    const draft = await draftAssessment(evidence);
    const cited = draft.sentences.find((s) => s.section === 'weeks' && /blocker/.test(s.text))!;
    const excluded = cited.cites[0]!;
    const without = await draftAssessment(evidence, { exclude: [excluded] });
    expect(without.sentences).not.toEqual(draft.sentences);
    expect(without.sentences.some((s) => s.cites.includes(excluded))).toBe(false);
    expect(without.sentences.some((s) => /blocker/.test(s.text))).toBe(false);
    expect(draftCoverage(without, evidence).find((c) => c.kind === 'blocker')).toEqual({ kind: 'blocker', available: 1, cited: 0, excluded: 1 });
  });

  it('keeps provenance per sentence: edited, added by hand, and the manager\'s share', async () => {
    const draft = await draftAssessment(evidence);
    const s = draft.sentences[1]!;
    const edited = editSentence(draft, evidence, s.id, `Owned the key results and kept them moving. [${s.cites.join(', ')}]`);
    const e = edited.sentences.find((x) => x.id === s.id)!;
    expect(e).toMatchObject({ origin: 'edited', flags: [] });
    expect(e.drafted_text).toContain(s.text);
    // Back to the drafter's own words: drafted again.
    const undone = editSentence(edited, evidence, s.id, e.drafted_text!);
    expect(undone.sentences.find((x) => x.id === s.id)).toMatchObject({ origin: 'drafted', drafted_text: null });
    const added = addSentence(edited, evidence, 'other', 'Great to work with.');
    const a = added.sentences.at(-1)!;
    expect(a).toMatchObject({ origin: 'added', flags: ['unsupported'], section: 'other' });
    expect(managerShare(draft)).toBe(0);
    expect(managerShare(added)).toBeGreaterThan(0);
    expect(managerShare(added)).toBeLessThan(1);
  });

  it('shows coverage and recency of what it cites', async () => {
    const draft = await draftAssessment(evidence);
    const coverage = draftCoverage(draft, evidence);
    expect(coverage.find((c) => c.kind === 'key_result')).toMatchObject({ available: 4, cited: 4 });
    expect(coverage.find((c) => c.kind === 'check_in')!.cited).toBeLessThan(coverage.find((c) => c.kind === 'check_in')!.available);
    const recency = draftRecency(draft, evidence);
    expect(recency.per_week).toHaveLength(13);
    expect(recency.per_week.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('exports draft, provenance and evidence as JSON and Markdown, without a real name when anonymized', async () => {
    const anon = await personEvidence(db, { person: 'p0005', anonymize: true, salt: 'x' });
    const draft = await draftAssessment(anon);
    const json = JSON.parse(draftToJson(draft, anon));
    expect(json.sentences.length).toBe(draft.sentences.length);
    expect(json.evidence.length).toBe(anon.items.length);
    expect(json.note).toMatch(/Ratings are the manager's/);
    const md = draftToMarkdown(draft, anon);
    expect(md).toMatch(/^# Review draft: Person /);
    for (const text of [JSON.stringify(json), md]) {
      for (const name of names) expect(text.includes(name), name).toBe(false);
      expect(text).not.toMatch(/\bp\d{4}\b/);
    }
  });
});

describe('an embedder\'s drafter is checked sentence by sentence', () => {
  const hostile: Drafter = {
    name: 'hostile-model',
    async draft({ evidence: e, instructions }) {
      expect(instructions).toMatch(/ratings are the manager's/i);
      const kr = e.items.find((i) => i.kind === 'key_result')!.id;
      return [
        `Delivered steadily on the owned key results. [${kr}]`,
        'Everyone loves working with Dara.',
        `Shipped the migration early. [kr:kr-9999]`,
        `Overall this is a 4/5 year. [${kr}]`,
        `Exceeds expectations because 110 % of KRs were hit. [${kr}]`,
        `Clearly Outstanding work. [${kr}]`,
        `<img src=x onerror=alert(1)> wrote the <b>best</b> notes. [${kr}]`,
      ].join(' ') + `\n\nThe blocker was handled. [${e.items.find((i) => i.kind === 'blocker')?.id ?? 'blocker:none'}]`;
    },
  };

  it('marks uncited and invented citations unsupported, flags ratings and OKR-to-rating phrasing, keeps markup as text', async () => {
    const blocker = evidence.items.find((i) => i.kind === 'blocker')!.id;
    const draft = await draftAssessment(evidence, { drafter: hostile, exclude: [blocker] });
    expect(draft.drafter).toBe('hostile-model');
    const flags = draft.sentences.map((s) => s.flags);
    expect(draft.sentences).toHaveLength(8);
    expect(flags[0]).toEqual([]);
    expect(flags[1]).toEqual(['unsupported']);
    expect(flags[2]).toEqual(expect.arrayContaining(['unknown-evidence', 'unsupported']));
    expect(flags[3]).toContain('rating-value');
    expect(flags[4]).toEqual(expect.arrayContaining(['rating-label', 'okr-to-rating']));
    expect(flags[5]).toContain('rating-label');
    expect(draft.sentences[6]!.text).toBe('<img src=x onerror=alert(1)> wrote the <b>best</b> notes.');
    expect(flags[6]).toEqual([]);
    // The excluded blocker was not shown to the drafter, and citing it anyway is caught.
    expect(flags[7]).toEqual(expect.arrayContaining(['unsupported']));
    expect(draft.sentences[7]!.section).toBe('team');
    // Markdown keeps the markup as visible characters.
    const md = draftToMarkdown(draft, evidence);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).not.toContain('<img');
  });

  it('splits sentences outside quotes and keeps citations with the sentence before them', () => {
    expect(splitSentences('One thing. [kr:a] Two "e.g. ship now. Fix later." things! [kr:b, ci:c:2026-01-01] Three')).toEqual([
      'One thing. [kr:a]', 'Two "e.g. ship now. Fix later." things! [kr:b, ci:c:2026-01-01]', 'Three',
    ]);
    expect(checkSentence('Moved from 2 to 5 [kr:kr-0025] in the sprint.', evidence)).toMatchObject({ cites: ['kr:kr-0025'], flags: [] });
    expect(checkSentence('Rated 3 by peers. [kr:kr-0025]', evidence).flags).toContain('rating-value');
    expect(checkSentence('Deserves a promotion for hitting every target. [kr:kr-0025]', evidence).flags).toContain('okr-to-rating');
    expect(checkSentence('Raise weekly active accounts went well. [kr:kr-0025]', evidence).flags).toEqual([]);
  });
});
