// The done-when test of the calibration session (issue #18), in real Chromium, no mocks: a
// keyboard-only session over the calibration fixture (168 people, seven managers, a guideline) — five people moved in the nine-box and the table,
// reasons given, one change undone, two people marked discussed — then every view shows the calibrated
// result, a reload (a new database, only the browser's storage kept) brings all of it back, and the
// export holds exactly those changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbCalibrationTable } from '../src/calibration-table/calibration-table.js';
import type { PlumbNineBox } from '../src/nine-box/nine-box.js';
import type { PlumbSessionLog } from '../src/session-log/session-log.js';
import type { PlumbRatingDistribution } from '../src/rating-distribution/rating-distribution.js';
import { until } from './browser-helpers.js';


interface Room {
  data: PlumbData;
  nineBox: PlumbNineBox;
  table: PlumbCalibrationTable;
  log: PlumbSessionLog;
  distribution: PlumbRatingDistribution;
}

/** A page's room: the data, the editable nine-box, the table, the log and the distribution at the calibrated stage. */
async function openRoom(): Promise<Room> {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = testAssets;
  data.prepare = (c) => loadFixture(c).then(() => undefined);
  data.hideDiagnostics = true;
  const nineBox = Object.assign(document.createElement('plumb-nine-box'), { editable: true, namesPerBox: 3, stage: 'calibrated' as const });
  const distribution = document.createElement('plumb-rating-distribution');
  distribution.setAttribute('stage', 'calibrated');
  const table = document.createElement('plumb-calibration-table');
  const log = document.createElement('plumb-session-log');
  for (const el of [nineBox, distribution, table, log]) el.style.width = '1200px';
  data.append(nineBox, table, log, distribution);
  document.body.append(data);
  await until(() => data.status === 'ready', 'the sample to load', 60_000);
  await until(() => table.result !== undefined, 'the table');
  await data.session.open({ cycle: table.result!.cycle });
  await Promise.all([nineBox.settled(), table.settled(), log.settled(), distribution.settled()]);
  return { data, nineBox, table, log, distribution };
}

const shadow = (el: Element) => el.shadowRoot!;
const active = (el: Element) => shadow(el).activeElement as HTMLElement | null;
const settle = (room: Room) => Promise.all([room.nineBox.settled(), room.table.settled(), room.log.settled(), room.distribution.settled()]);

/** The reason dialog of `host` opens (then a reason is typed and Enter saves), or stays closed. */
async function giveReason(host: Element, reason: string | null): Promise<void> {
  const dialog = shadow(host).querySelector('plumb-reason-dialog')!;
  if (reason === null) {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(dialog.open, 'no reason asked').toBe(false);
    return;
  }
  await until(() => dialog.open, 'the reason dialog', 5000);
  expect(shadow(dialog).activeElement?.localName).toBe('textarea');
  expect(shadow(dialog).textContent).toMatch(/overall performance|potential/);
  await userEvent.keyboard(reason.replace(/[{[]/g, '$&$&') + '{Enter}');
  await until(() => !dialog.open, 'the dialog to close', 5000);
}

/** The calibrated distribution's counts per rating value. */
const counts = (d: PlumbRatingDistribution) => ({ ...d.result!.org.counts }) as Record<string, number>;

describe('a keyboard-only calibration session', () => {
  let room: Room;
  let before: Record<string, number>;
  /** What the room changed, as the table showed it: real ids come from the export, never the DOM. */
  const moved: { id: string; name: string; from: number; to: number; reason: string | null }[] = [];

  beforeAll(async () => {
    indexedDB.deleteDatabase('plumb-sessions');
    room = await openRoom();
    before = counts(room.distribution);
  }, 120_000);
  afterAll(() => room?.data.remove());

  it('moves two people in the nine-box by keyboard (pick up, arrows, drop), a reason for two boxes', async () => {
    const { nineBox } = room;
    for (let k = 0; k < 2; k++) {
      const boxes = [...shadow(nineBox).querySelectorAll<HTMLElement>('[role=gridcell]')];
      // The first move crosses two performance bands (high ↔ low: a reason is asked), the second one.
      const steps = k === 0 ? 2 : 1;
      const fits = (b: HTMLElement) => Number(b.dataset.column) + steps <= 2 || Number(b.dataset.column) - steps >= 0;
      const from = boxes.find((b) => b.querySelector('[part=person]') && fits(b))!;
      const right = Number(from.dataset.column) + steps <= 2;
      expect(from, 'a box with names to move from').toBeTruthy();
      const grid = boxes.find((b) => b.tabIndex === 0)!;
      grid.focus();
      // Arrow keys to the box, Enter selects it (its names become tab stops), Tab to the first name.
      const [r, c] = [Number(from.dataset.row), Number(from.dataset.column)];
      const [r0, c0] = [Number(grid.dataset.row), Number(grid.dataset.column)];
      for (let i = 0; i < Math.abs(r - r0); i++) await userEvent.keyboard(r > r0 ? '{ArrowDown}' : '{ArrowUp}');
      for (let i = 0; i < Math.abs(c - c0); i++) await userEvent.keyboard(c > c0 ? '{ArrowRight}' : '{ArrowLeft}');
      expect(active(nineBox)?.dataset.id).toBe(from.dataset.id);
      await userEvent.keyboard('{Enter}');
      await nineBox.updateComplete;
      await userEvent.keyboard('{Tab}');
      const person = active(nineBox)!;
      expect(person.getAttribute('part')).toBe('person');
      const name = person.textContent!.trim();
      const id = person.dataset.person!;
      const before = room.table.result!.rows.find((x) => x.id === id)!;
      await userEvent.keyboard(' ');
      expect(shadow(nineBox).querySelector('[part=moving]')!.textContent).toContain(name);
      for (let i = 0; i < steps; i++) await userEvent.keyboard(right ? '{ArrowRight}' : '{ArrowLeft}');
      await userEvent.keyboard('{Enter}');
      const reason = k === 0 ? 'Delivered the platform migration; two peers confirm' : null;
      await giveReason(nineBox, reason);
      await until(() => /moved to/.test(shadow(nineBox).querySelector('[role=status][aria-live]')!.textContent ?? ''), `${name} to be dropped`);
      await settle(room);
      const after = room.table.result!.rows.find((x) => x.id === id)!;
      expect(Math.sign(after.calibrated_rating! - before.calibrated_rating!)).toBe(right ? 1 : -1);
      moved.push({ id, name, from: before.calibrated_rating!, to: after.calibrated_rating!, reason });
    }
  });

  it('moves three people in the table from the keyboard: + and a typed value, a reason for two levels', async () => {
    const { table } = room;
    const grid = shadow(table).querySelector<HTMLElement>('[role=grid]')!;
    const first = shadow(table).querySelector<HTMLElement>('[role=gridcell][tabindex="0"], [role=rowheader][tabindex="0"]')!;
    first.focus();
    for (let k = 0; k < 3; k++) {
      await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
      await table.updateComplete;
      const cell = active(table)!;
      const index = table.drawnOrder[Number(cell.dataset.r)]!;
      const row = table.result!.rows[index]!;
      const from = row.calibrated_rating!;
      let reason: string | null = null;
      if (k === 1) {
        const to = from >= 3 ? from - 2 : from + 2;
        await userEvent.keyboard(String(to));
        reason = 'Two levels: the room compared with peers';
        await giveReason(table, reason);
      } else {
        await userEvent.keyboard(from >= 5 ? '-' : '+');
      }
      await until(() => table.result!.rows.find((x) => x.id === row.id)!.calibrated_rating !== from, `${row.name} to change`);
      await settle(room);
      moved.push({ id: row.id, name: row.name, from, to: table.result!.rows.find((x) => x.id === row.id)!.calibrated_rating!, reason });
      expect(grid.contains(active(table)) || active(table)?.closest('[role=grid]')).toBeTruthy();
    }
    expect(moved.length).toBeGreaterThanOrEqual(4);
  });

  it('undoes the last change from the log and marks two people discussed, by keyboard', async () => {
    const { table, log } = room;
    // From the table's grid, Tab reaches the log's undo button.
    await userEvent.keyboard('{Tab}');
    expect(active(log)?.getAttribute('part')).toBe('undo');
    await userEvent.keyboard('{Enter}');
    const undone = moved.pop()!;
    await until(() => table.result!.rows.find((x) => x.id === undone.id)!.calibrated_rating === undone.from, 'the undo');
    await settle(room);
    const entry = [...shadow(log).querySelectorAll('[part=entry]')].find((li) => li.hasAttribute('data-undone'))!;
    expect(entry.textContent).toContain(undone.name);
    expect(entry.textContent).toMatch(/undone/);
    // The dimension in the room's words, not its id ("overall performance", never "overall 3 → 4").
    expect(entry.textContent).toContain('overall performance');
    // Back to the grid: D marks the active row, ↓ and D the next.
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(active(table)?.closest('[role=grid]')).toBeTruthy();
    await userEvent.keyboard('d');
    await until(() => table.result!.rows.filter((x) => x.discussed).length === 1, 'one discussed');
    await userEvent.keyboard('{ArrowDown}d');
    await until(() => table.result!.rows.filter((x) => x.discussed).length === 2, 'two discussed');
    await settle(room);
  });

  it('shows the calibrated result in every view', async () => {
    const { table, log, distribution, nineBox } = room;
    // The table: each change in force (the last per person: the nine-box and the table may both move one).
    const last = new Map(moved.map((m) => [m.id, m]));
    for (const m of last.values()) {
      const row = table.result!.rows.find((x) => x.id === m.id)!;
      expect(row.calibrated_rating, m.name).toBe(m.to);
      expect(row.changed).toBe(true);
      expect(row.last_reason).toBe(m.reason);
    }
    // A changed rating: the original struck through beside it, and said in words for a screen reader.
    const changedCell = shadow(table).querySelector<HTMLElement>('[role=row][data-changed] [data-c="4"]')!;
    expect(changedCell.querySelector('s')).toBeTruthy();
    expect(changedCell.getAttribute('aria-label')).toMatch(/^\S+ \(was \S+\)$/);
    // The distribution: the counts before the session, moved by hand here, are what it shows now.
    const expected = { ...before };
    for (const m of moved) {
      expected[String(m.from)] = (expected[String(m.from)] ?? 0) - 1;
      expected[String(m.to)] = (expected[String(m.to)] ?? 0) + 1;
    }
    for (const [v, n] of Object.entries(expected)) expect(counts(distribution)[v] ?? 0, `rated ${v}`).toBe(n);
    // Its headline says the largest departure from the guideline in people, from those counts.
    const report = distribution.result!;
    const n = Object.values(expected).reduce((a, b) => a + b, 0);
    const gaps = report.scale
      .filter((v) => (v.guideline_share ?? 0) > 0)
      .map((v) => ({ value: v.value, gap: (expected[String(v.value)] ?? 0) - Math.round(v.guideline_share! * n) }))
      .filter((g) => Math.abs(g.gap) >= Math.max(2, Math.round(n * 0.03)))
      .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap));
    const headline = shadow(distribution).querySelector('[part=summary]')!.textContent!;
    if (gaps[0]) expect(headline).toContain(`${Math.abs(gaps[0].gap)} ${gaps[0].gap > 0 ? 'more' : 'fewer'} rated ${gaps[0].value} than the guideline`);
    else expect(headline).toContain('close to the guideline');
    // The nine-box: everyone still placed, in the calibrated stage.
    expect(nineBox.report!.filter.stage).toBe('calibrated');
    // The log: the moves in force and the undone one, newest first, with their reasons.
    const entries = log.result!.entries;
    expect(entries.filter((e) => e.kind === 'rating' && !e.undone).length).toBeGreaterThanOrEqual(moved.length);
    expect(entries.filter((e) => e.kind === 'discussed' && !e.undone)).toHaveLength(2);
    for (const m of moved.filter((x) => x.reason)) expect(shadow(log).textContent).toContain(m.reason!);
  });

  it('brings all of it back after a reload (a new database; only the browser kept the log)', async () => {
    const rows = (t: PlumbCalibrationTable) => t.result!.rows.map((r) => [r.id, r.calibrated_rating, r.discussed, r.last_reason]);
    const was = { rows: rows(room.table), log: room.log.result!.entries.map((e) => [e.seq, e.kind, e.employee, e.to_rating, e.undone]) };
    room.data.remove();
    room = await openRoom();
    expect(rows(room.table)).toEqual(was.rows);
    expect(room.log.result!.entries.map((e) => [e.seq, e.kind, e.employee, e.to_rating, e.undone])).toEqual(was.log);
  }, 120_000);

  it('exports exactly those changes (real ids: the room is not anonymized)', async () => {
    const blob = await room.log.exportChanges('json', { download: false });
    const rows = JSON.parse(await blob!.text()) as { employee_id: string; dimension: string; before: number; after: number; reason: string | null }[];
    const expected = new Map<string, { before: number; after: number; reason: string | null }>();
    for (const m of moved) expected.set(m.id, { before: expected.get(m.id)?.before ?? m.from, after: m.to, reason: m.reason });
    const want = [...expected].filter(([, e]) => e.before !== e.after).map(([id, e]) => ({ employee_id: id, dimension: 'overall', ...e }));
    const got = rows.map(({ employee_id, dimension, before, after, reason }) => ({ employee_id, dimension, before, after, reason }));
    const byId = (a: { employee_id: string }, b: { employee_id: string }) => (a.employee_id < b.employee_id ? -1 : 1);
    expect(got.sort(byId)).toEqual(want.sort(byId));
    const csv = await (await room.table.exportChanges('csv', { download: false }))!.text();
    expect(csv.split('\r\n')[0]).toBe('cycle_id,employee_id,dimension,before,after,reason,by,at');
    expect(csv.trim().split('\r\n')).toHaveLength(want.length + 1);
  });

  it('under anonymize shows pseudonyms in the table, the log and the nine-box, and asks before an export with real ids', async () => {
    const realNames = room.table.result!.rows.map((r) => r.name);
    const realIds = room.table.result!.rows.map((r) => r.id);
    room.data.anonymize = true;
    await until(() => /^Person [A-Z2-9]{4}/.test(room.table.result!.rows[0]!.name), 'pseudonyms');
    await settle(room);
    const text = [room.table, room.log, room.nineBox].map((v) => shadow(v).innerHTML).join(' ');
    for (const name of realNames.slice(0, 40)) expect(text).not.toContain(name);
    for (const id of realIds.slice(0, 40)) expect(text).not.toContain(`"${id}"`);
    expect(shadow(room.log).textContent).toMatch(/Person [A-Z2-9]{4}/);
    // Export: the question first; Escape refuses, the confirm button exports.
    let answer = room.log.exportChanges('json', { download: false });
    const dialog = shadow(room.log).querySelector('plumb-reason-dialog')!;
    await until(() => dialog.open, 'the question');
    expect(shadow(dialog).textContent).toContain('real employee ids');
    await userEvent.keyboard('{Escape}');
    expect(await answer).toBe(null);
    answer = room.log.exportChanges('json', { download: false });
    await until(() => dialog.open, 'the question again');
    await userEvent.keyboard('{Tab}{Enter}');
    const rows = JSON.parse(await (await answer)!.text()) as { employee_id: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(realIds).toContain(rows[0]!.employee_id); // the file carries real ids, as asked
    room.data.anonymize = false;
  });
});
