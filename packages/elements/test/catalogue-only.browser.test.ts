/**
 * Every word a German or French reader sees comes from a catalogue or from the data: the load panel
 * (a question, decisions, diagnostics, the column report) and a person's review with its default
 * draft, rendered in Chromium. Each de/fr message is wrapped in invisible markers for the test; every
 * text node, aria-label and title is then either inside a marked (catalogue) span or data text of the
 * fixture (names, titles, file and column names, numbers) — anything else is an untranslated string
 * (core's English fallback, a hard-coded word, a raw key). A toy check shows the test bites: with one
 * German entry gone (the English fallback), it names that entry's English.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA } from '@plumb/core/queries';
import type { LoadReport } from '@plumb/core/load';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { catalogueOf, loadLocale, registerCatalogue, registeredFamilies, type Message, type Messages } from '../src/i18n/catalogue.js';
import '../src/plumb-data/plumb-data.define.js';
import '../src/person-review/person-review.define.js';
import type { PlumbData, PlumbLoadDetail } from '../src/plumb-data/plumb-data.js';
import type { PlumbPersonReview } from '../src/person-review/person-review.js';

// ---- the fixture: a small export with one question, decisions and problems, and a person to review
const FILES: Record<string, string> = {
  'people.csv': 'person_id,name,manager_id,team_id\np1,Ada Quist,p2,t1\np2,Bea Rundle,,t1\np3,Cy Moss,p2,t1\np4,Dee Noor,p2,t1\np5,Eli Park,p2,t1\n',
  'teams.csv': 'team_id,name\nt1,Platform\n',
  'cycles.csv': 'cycle_id,name,kind,start_date,end_date\nc1,2026 Q2,okr,2026-04-01,2026-06-30\n',
  'objectives.csv': 'objective_id,cycle_id,title,owner_id,team_id\no1,c1,Faster builds,p1,t1\n',
  // A repeated id (rejected) and a column no table has (left out).
  'key_results.csv':
    'key_result_id,objective_id,title,owner_id,start_value,target_value,unit,Sponsor\nkr1,o1,Build time under 5 min,p1,20,5,min,Zed\nkr2,o1,Cache hit rate,p1,40,90,%,Zed\nkr2,o1,Cache hit rate again,p1,1,2,%,Zed\n',
  // Confidence on 1–10 (inferred), a key result that does not exist (rejected), a blocker note.
  'check_ins.csv':
    'key_result_id,checked_at,value,confidence,author_id,note\nkr1,2026-04-06,18,7,p1,\nkr1,2026-04-20,12,6,p1,\nkr1,2026-05-04,9,4,p1,waiting on runners\nkr2,2026-04-13,50,8,p1,\nkr2,2026-05-11,70,8,p3,\nkr9,2026-05-11,1,5,p1,\n',
  // Two peers: under min-group, so withheld.
  'feedback.csv': 'cycle_id,subject_id,giver_id,relationship,score,text\nc1,p1,p3,peer,4,Clear writer\nc1,p1,p4,peer,5,Helps others\nc1,p1,p2,manager,4,Reliable under pressure\n',
  'recognitions.csv': 'person_id,key_result_id,given_by,given_at,message\np1,kr1,p2,2026-05-20,Great work on the runners\n',
  // Every day and month ≤ 12: the date order is asked, this file waits.
  'extra-updates.csv': 'key_result_id,checked_at,value\nkr2,03/04/2026,55\n',
};

/** Data text a reader may see as it is: every cell, header and file name of the fixture. */
const DATA = [...new Set(Object.entries(FILES).flatMap(([name, csv]) => [name, ...csv.split('\n').flatMap((line) => line.split(','))]))]
  .filter((s) => s.trim().length > 0)
  .sort((a, b) => b.length - a.length);
/** Identifiers a mapping takes (`--map "X=key_result_id"`, `file.csv:table`, encodings): code, shown as such. */
const IDENTIFIERS = [
  ...Object.keys(SCHEMA),
  ...Object.values(SCHEMA).flatMap((t) => t.columns.map((c) => c.name)),
  'utf-8', 'windows-1252', 'latin-1', 'flat-okr', 'plumb', 'mapping=', 'CSV', 'JSON', 'ID', 'OKR',
].sort((a, b) => b.length - a.length);
/** Keys that must never reach a reader raw. */
const RAW_KEYS = /\b(overall|potential|one-to-ten|zero-to-ten|red-amber-green|low-medium-high|dmy|mdy|key_result_title|rel\.\w+|code\.\w+)\b/;
/** English words no German or French sentence has. */
const ENGLISH = /\b(the|and|with|were|this|that|which|have|has|rows?|column|matches|loaded|could|would|into|from|their|there|week|weeks)\b/;
/** Evidence ids (`kr:kr1`, `ci:kr1:2026-04-06`): references, shown as the exports keep them. */
const EVIDENCE_ID = /\b[a-z_]+:[^\s,;)\]]+/g;
/** Command-line options inside a message (`--date-order dmy`, `--map "X=y"`): syntax, not words. */
const OPTION = /--[a-z-]+(?: (?:"[^"]*"|[^\s"]+))?/g;

const OPEN = '\u2063';
const CLOSE = '\u2064';
const wrap = (m: Message): Message => (typeof m === 'string' ? `${OPEN}${m}${CLOSE}` : (p, f) => `${OPEN}${m(p, f)}${CLOSE}`);

/** What a person sees and hears: text, accessible names and titles, through shadow roots (styles and scripts aside). */
function seen(root: Node): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) out.push(node.textContent!);
    if (!(node instanceof Element) && !(node instanceof DocumentFragment)) return;
    if (node instanceof Element) {
      if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return;
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = node.getAttribute(attr);
        if (value?.trim()) out.push(value);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return out;
}

/** Month and weekday names of the locale (dates written by Intl outside a message are data too). */
function calendarWords(locale: string): string[] {
  const words: string[] = [];
  for (let m = 0; m < 12; m++)
    for (const month of ['long', 'short'] as const) words.push(new Intl.DateTimeFormat(locale, { month, timeZone: 'UTC' }).format(Date.UTC(2026, m, 15)));
  return words.sort((a, b) => b.length - a.length);
}

/** `text` without every whole occurrence of `strings` (not inside a longer word: "at" stays in "Platform"). */
const remove = (text: string, strings: readonly string[]) =>
  strings.reduce((t, s) => t.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'gu'), ' '), text);

/** Problems in one locale's rendering: unmarked words that are not data, English words, raw keys. */
function problems(texts: readonly string[], locale: string): string[] {
  const found = new Set<string>();
  const calendar = calendarWords(locale);
  for (const raw of texts) {
    // Outside every marked span: only data, identifiers, numbers and punctuation may remain.
    let outside = raw;
    for (let i = 0; i < 8 && outside.includes(OPEN); i++) outside = outside.replace(/\u2063[^\u2063\u2064]*\u2064/g, ' ');
    const leftover = remove(outside.replace(EVIDENCE_ID, ' '), [...DATA, ...IDENTIFIERS, ...calendar].sort((x, y) => y.length - x.length)).match(/\p{L}{2,}/gu);
    if (leftover) found.add(`not from a catalogue: "${raw.replace(/[\u2063\u2064]/g, '').trim().slice(0, 120)}" (${leftover.join(' ')})`);
    // Inside or out: no English sentence and no raw key once the data is taken away.
    const words = remove(raw.replace(/[\u2063\u2064]/g, '').replace(OPTION, ' ').replace(EVIDENCE_ID, ' '), DATA);
    const english = ENGLISH.exec(words);
    if (english) found.add(`English "${english[0]}" in "${raw.replace(/[\u2063\u2064]/g, '').trim().slice(0, 120)}"`);
    const key = RAW_KEYS.exec(words);
    if (key) found.add(`raw key "${key[0]}" in "${raw.replace(/[\u2063\u2064]/g, '').trim().slice(0, 120)}"`);
  }
  return [...found].sort();
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let data: PlumbData;
let review: PlumbPersonReview;
let report: LoadReport;

/** Show every part of the page in `locale` and wait until the draft is rewritten in it. */
async function showIn(locale: string): Promise<string[]> {
  document.documentElement.lang = locale;
  await until(() => (review.shadowRoot?.textContent ?? '').includes(OPEN) || locale === 'en', `the review in ${locale}`);
  // The draft is rewritten after the language's words arrive: on a busy machine (CI) that can come after the first
  // marked words show, before its rewrite has begun (draftSettled would find nothing drafting yet).
  await until(() => locale === 'en' || (review.draft?.sentences.every((s) => s.text.includes(OPEN)) ?? false), `the draft in ${locale}`);
  await review.draftSettled();
  await data.updateComplete;
  for (const el of [data.shadowRoot!.querySelector('plumb-load-report'), data.shadowRoot!.querySelector('plumb-data-table')]) await (el as unknown as { updateComplete?: Promise<unknown> })?.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  return [...seen(data.shadowRoot!), ...seen(review.shadowRoot!)];
}

/** The catalogues as they were before this file marked them (the browser files may share one page: put back after). */
const unmarked: [string, string, Messages][] = [];

afterAll(() => {
  document.body.replaceChildren();
  document.documentElement.lang = 'en';
  for (const [family, locale, messages] of unmarked) registerCatalogue(family, locale, messages);
});

describe('German and French output comes from the catalogues', () => {
  it('mounts the load panel (question, decisions, diagnostics) and a review with its draft', async () => {
    document.documentElement.lang = 'en';
    data = document.createElement('plumb-data') as PlumbData;
    data.assets = testAssets;
    const loaded = new Promise<LoadReport>((resolve) => data.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail.report), { once: true }));
    data.files = Object.entries(FILES).map(([name, csv]) =>
      name === 'extra-updates.csv' ? { name, data: new Blob([csv]), table: 'check_ins' as const } : new File([csv], name),
    );
    review = document.createElement('plumb-person-review') as PlumbPersonReview;
    review.setAttribute('person', 'p1');
    data.append(review);
    document.body.append(data);
    report = await loaded;
    await review.draftSettled();
    // The fixture shows what the test is about: a question, decisions, errors and warnings, a drafted review.
    expect(report.questions.map((q) => q.kind)).toEqual(['date-order']);
    expect(new Set(report.diagnostics.map((d) => d.code))).toEqual(expect.objectContaining(new Set(['duplicate-id', 'dangling-reference', 'unmapped-column', 'question'])));
    expect(report.files.some((f) => f.decisions?.some((d) => d.kind === 'confidence-scale'))).toBe(true);
    expect(review.draft!.sentences.length).toBeGreaterThan(3);
    // Every de/fr message, marked (German and French load on demand: both are loaded first).
    await loadLocale('de');
    await loadLocale('fr');
    for (const family of registeredFamilies()) {
      for (const locale of ['de', 'fr']) {
        const messages = catalogueOf(family, locale);
        unmarked.push([family, locale, { ...messages }]);
        registerCatalogue(family, locale, Object.fromEntries(Object.entries(messages).map(([k, m]) => [k, wrap(m)])) as Messages);
      }
    }
  }, 120_000);

  for (const locale of ['de', 'fr']) {
    it(`in ${locale}: every visible string is a catalogue's or the data's`, async () => {
      const texts = await showIn(locale);
      // What the panel and the review say is there to be checked (the draft was rewritten in the language).
      const all = texts.join('\n');
      expect(all).toContain(report.questions[0]!.file);
      expect(review.draft!.sentences.every((s) => s.text.includes(OPEN))).toBe(true);
      expect(problems(texts, locale)).toEqual([]);
    });
  }

  it('bites: with one German entry gone (its English shows), the check names it', async () => {
    // A missing entry falls back to English: register the English text, unmarked, as German.
    const english = catalogueOf('load-text', 'en')['ask.date-order']!;
    registerCatalogue('load-text', 'de', { 'ask.date-order': english });
    document.documentElement.lang = 'en';
    const texts = await showIn('de');
    const found = problems(texts, 'de');
    expect(found.some((p) => p.includes('Are the dates in column'))).toBe(true);
  });
});
