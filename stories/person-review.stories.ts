// Stories for <plumb-person-review> (Storybook 10 CSF3, web-components-vite): every state on the seeded
// sample organisation (600 people, seed 1, generated in the page) in DuckDB-WASM, plus hand-made
// connectors for loading and error, and hostile data and a hostile drafter.
import { WasmConnector } from '@plumb/core/wasm';
import { loadSample, type Connector, type Drafter } from '@plumb/core';
import '@plumb/elements/person-review/person-review.define.js';
import type { PlumbPersonReview } from '@plumb/elements/person-review/person-review.js';
import { testAssets } from '../packages/core/test/duckdb-assets.browser.js';

type Variant = 'sample' | 'hostile';
const databases = new Map<Variant, Promise<Connector>>();

/** One database per variant, shared by every story that uses it. */
function database(variant: Variant): Promise<Connector> {
  let db = databases.get(variant);
  if (!db) {
    db = (async () => {
      const connector = new WasmConnector({ assets: testAssets });
      await loadSample(connector, { people: 600, seed: 1 });
      if (variant === 'hostile') {
        // Markup and very long text where data goes: it must show as text, never as HTML.
        await connector.query(`UPDATE check_ins SET note = '<img src=x onerror=alert(1)> <b>bold</b> ' || repeat('very long note ', 20)
                                WHERE key_result_id = 'kr-0023'`);
        await connector.query(`UPDATE people SET name = '<script>alert(1)</script> Ṽéřÿ Łöñğ Ñåmé' WHERE person_id = 'p0005'`);
        await connector.query(`UPDATE key_results SET title = 'مدير المبيعات — ' || title WHERE key_result_id = 'kr-0024'`);
      }
      return connector;
    })();
    databases.set(variant, db);
  }
  return db;
}

/** Queries that never answer (the loading state). */
const neverAnswers: Connector = {
  query: () => new Promise(() => {}),
  insertArrowIPC: async () => {},
  registerFile: async () => {},
  dropFile: async () => {},
  close: async () => {},
};
/** Queries that fail (the error state). */
const alwaysFails: Connector = { ...neverAnswers, query: () => Promise.reject(new Error('the database is not reachable')) };

const hostileDrafter: Drafter = {
  name: 'hostile-model',
  async draft({ evidence }) {
    const kr = evidence.items.find((i) => i.kind === 'key_result')?.id ?? 'kr:none';
    return [
      `Delivered steadily on the owned key results. [${kr}]`,
      'Everyone loves working with this person.',
      'Shipped the migration early. [kr:kr-9999]',
      `Exceeds expectations because 110 % of KRs were hit. [${kr}]`,
      `<img src=x onerror=alert(1)> wrote the <b>best</b> notes. [${kr}]`,
    ].join(' ');
  },
};

interface Args {
  person: string;
  variant: Variant | 'loading' | 'error';
  projector: boolean;
  anonymize: boolean;
  lang: '' | 'de' | 'fr';
  minGroup: number;
  hostileDrafter: boolean;
  includeRatings: boolean;
}

function render(args: Args): HTMLElement {
  const el = document.createElement('plumb-person-review') as PlumbPersonReview;
  if (args.person) el.person = args.person;
  el.projector = args.projector;
  el.anonymize = args.anonymize;
  el.minGroup = args.minGroup;
  el.includeRatings = args.includeRatings;
  if (args.lang) el.setAttribute('lang', args.lang);
  if (args.hostileDrafter) el.drafter = hostileDrafter;
  if (args.variant === 'loading') el.connector = neverAnswers;
  else if (args.variant === 'error') el.connector = alwaysFails;
  else void database(args.variant).then((c) => (el.connector = c));
  return el;
}

export default {
  title: 'Review/Person review',
  component: 'plumb-person-review',
  render,
  args: { person: 'p0005', variant: 'sample', projector: false, anonymize: false, lang: '', minGroup: 5, hostileDrafter: false, includeRatings: false } satisfies Args,
};

export const OnePerson = {};
/** A person whose peers all gave feedback: the peer group shows numbers at min-group 5. */
export const FullPeerRound = { args: { person: 'p0011' } };
export const HigherMinGroup = { args: { person: 'p0011', minGroup: 50 } };
export const Projector = { args: { projector: true } };
export const Anonymized = { args: { anonymize: true } };
export const German = { args: { lang: 'de' } };
export const French = { args: { lang: 'fr', person: 'p0007' } };
/** The chief executive: many team key results (the objective tree of the whole company). */
export const ManyItems = { args: { person: 'p0001' } };
export const WithEarlierRatings = { args: { includeRatings: true } };
export const NoPersonSelected = { args: { person: '' } };
export const Loading = { args: { variant: 'loading' } };
export const ErrorState = { name: 'Error', args: { variant: 'error' } };
export const HostileData = { args: { variant: 'hostile' } };
export const HostileDrafter = { args: { hostileDrafter: true } };
