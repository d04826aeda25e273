// Two facilitators' laptops on one calibration session kept by plumb serve (issue #18): two
// <plumb-data server> pages with their own tokens agree through the server alone (no shared
// IndexedDB or BroadcastChannel in play: a server session uses neither). A change on one laptop shows
// in the other's table and log, recorded with the author the server authenticated; a stale change is a
// conflict; closing the session from the log's button stops both laptops.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbView } from '../src/view/plumb-view.js';
import type { PlumbSessionChangeDetail } from '../src/data/session.js';
import { until } from './browser-helpers.js';

interface SessionServed {
  url: string;
  tokens: { anna: string; bert: string; admin: string };
  cycle: string;
  root: string;
  inside: { id: string; name: string; rating: number }[];
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    startSessionServer: (allowOrigin: string) => Promise<SessionServed>;
    stopPlumbHttpServer: (url: string) => Promise<void>;
  }
}

const text = (el: Element | null | undefined) => el?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

let served: SessionServed;
afterEach(() => document.body.replaceChildren());
afterAll(async () => {
  if (served) await commands.stopPlumbHttpServer(served.url);
});

interface Laptop {
  data: PlumbData;
  table: PlumbView<object, unknown>;
  log: PlumbView<object, unknown>;
  remote: PlumbSessionChangeDetail[];
}

async function laptop(token: string): Promise<Laptop> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.hideDiagnostics = true;
  data.setAttribute('server', served.url);
  data.token = token;
  const table = Object.assign(document.createElement('plumb-calibration-table'), { cycle: served.cycle }) as unknown as PlumbView<object, unknown>;
  const log = document.createElement('plumb-session-log') as unknown as PlumbView<object, unknown>;
  data.append(table, log);
  document.body.append(data);
  const remote: PlumbSessionChangeDetail[] = [];
  data.addEventListener('plumb-session-change', (e) => {
    if (e.detail.remote) remote.push(e.detail);
  });
  await until(() => data.status === 'ready' || data.status === 'error', 'the data');
  expect(data.status, data.shadowRoot?.textContent ?? '').toBe('ready');
  return { data, table, log, remote };
}

/** The table row (its drawn text) of a person, found by name. */
function rowText(l: Laptop, name: string): string {
  const rows = [...(l.table.shadowRoot?.querySelectorAll('[role=row]') ?? [])];
  return rows.find((r) => r.querySelector('[role=rowheader]')?.textContent?.trim() === name)?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('one calibration session on two laptops through plumb serve (120-person sample, real loopback server)', () => {
  it('shows one laptop’s change on the other, with the server’s author; a stale change is a conflict; closing stops both', async () => {
    served = await commands.startSessionServer(location.origin);
    const anna = await laptop(served.tokens.anna);
    const bert = await laptop(served.tokens.bert);
    const opened = await anna.data.session.open({ cycle: served.cycle });
    expect((await bert.data.session.open({ cycle: served.cycle })).session_id).toBe(opened.session_id);

    // Pick someone of the team who appears in the table, and a move of one level.
    await until(() => anna.table.status === 'ready' && bert.table.status === 'ready', 'both tables');
    const person = served.inside.find((p) => rowText(bert, p.name))!;
    expect(person, 'someone of the team in the table').toBeTruthy();
    const to = person.rating >= 3 ? person.rating - 1 : person.rating + 1;
    const event = await anna.data.session.changeRating({ employee_id: person.id, to_rating: to, from_rating: person.rating, reason: 'Compared with peers' });
    expect(event.by_id).toBe('anna@example.test');

    // Bert's laptop hears of it (long-poll), and its views show it: the table's row and the log's entry.
    await until(() => bert.remote.some((d) => d.event.seq === event.seq), "Anna's change on Bert's laptop", 15_000);
    expect(bert.remote[0]!.event).toMatchObject({ employee_id: person.id, to_rating: to, by_id: 'anna@example.test', reason: 'Compared with peers' });
    await until(() => rowText(bert, person.name).includes('Compared with peers'), "the change in Bert's table");
    expect(rowText(bert, person.name)).toMatch(new RegExp(`${person.rating}.*→.*${to}`));
    await until(() => text(bert.log).includes(person.name), "the change in Bert's log");
    expect(text(bert.log)).toMatch(/anna@example\.test/);

    // Bert had the old rating on screen: his change of it is refused as a conflict, and nothing is written.
    const stale = await bert.data.session.changeRating({ employee_id: person.id, to_rating: 5, from_rating: person.rating, reason: 'x' }).catch((e: unknown) => e);
    expect((stale as { code?: string }).code).toBe('conflict');
    expect(bert.data.session.state).toBe('conflict');
    expect(bert.data.session.events.length).toBe(1);

    // Bert exports from his log: the server answers (the page runs no SQL there), the change with its author.
    type Exports = { exportChanges(f: 'csv', o: { download: false }): Promise<Blob | null>; exportCalibratedRatings(o: { download: false }): Promise<Blob | null> };
    const exporter = bert.log as unknown as Exports;
    const changes = (await (await exporter.exportChanges('csv', { download: false }))!.text()).trim().split('\r\n');
    expect(changes[0]).toBe('cycle_id,employee_id,dimension,before,after,reason,by,at');
    expect(changes).toHaveLength(2);
    expect(changes[1]).toContain(`${served.cycle},${person.id},overall,${person.rating},${to},Compared with peers,anna@example.test,`);
    const ratings = (await (await exporter.exportCalibratedRatings({ download: false }))!.text()).split('\r\n');
    // Canonical layout: cycle_id,employee_id,rater_id,stage,dimension,rating,…
    const calibrated = ratings.map((line) => line.split(',')).find((c) => c[0] === served.cycle && c[1] === person.id && c[3] === 'calibrated' && c[4] === 'overall');
    expect(calibrated?.[5]).toBe(String(to));

    // Bert closes the session from the log (the button asks first); Anna's laptop turns read-only.
    const close = bert.log.shadowRoot!.querySelector<HTMLButtonElement>('[part=close-session]')!;
    expect(close.textContent).toMatch(/Close session/);
    close.click();
    const dialog = bert.log.shadowRoot!.querySelector('plumb-reason-dialog')!;
    await until(() => !!dialog.shadowRoot?.querySelector('dialog[open]'), 'the close question');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part=save]')!.click();
    await until(() => anna.data.session.state === 'closed', "the close on Anna's laptop", 15_000);
    await until(() => /Session closed/.test(text(anna.log)), "Anna's log to say the session is closed");
    expect(anna.log.shadowRoot!.querySelector('[part=close-session]')).toBeNull();
    const refused = await anna.data.session.changeRating({ employee_id: person.id, to_rating: person.rating, reason: 'back' }).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('closed');
  }, 90_000);
});
