// The calibrated ratings' round trip through the UI (issue #18), in real Chromium: changes made in the
// room (one undone from the log's button), the calibrated ratings exported by the log's export, that
// file loaded into a fresh <plumb-data> (the organisation's other tables, no session) — and the
// calibrated stage there equals the room's, person by person.
import { describe, expect, it } from 'vitest';
import { testAssets } from '../../core/test/duckdb-assets.browser.js';
import { loadFixture } from '../../core/test/calibration/fixture.js';
import '../src/index.js';
import type { PlumbData } from '../src/plumb-data/plumb-data.js';
import type { PlumbCalibrationTable } from '../src/calibration-table/calibration-table.js';
import type { PlumbSessionLog } from '../src/session-log/session-log.js';

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function page(prepare: PlumbData['prepare'], files: File[] | null): { data: PlumbData; table: PlumbCalibrationTable; log: PlumbSessionLog } {
  const data = document.createElement('plumb-data') as PlumbData;
  data.assets = testAssets;
  data.prepare = prepare;
  if (files) data.files = files;
  data.hideDiagnostics = true;
  const table = document.createElement('plumb-calibration-table') as PlumbCalibrationTable;
  const log = document.createElement('plumb-session-log') as PlumbSessionLog;
  data.append(table, log);
  document.body.append(data);
  return { data, table, log };
}

const calibrated = (t: PlumbCalibrationTable) => new Map(t.result!.rows.map((r) => [r.id, r.calibrated_rating]));

describe('calibrated ratings: exported from the room, loaded into a fresh page', () => {
  it('gives the same calibrated rating for every person', async () => {
    indexedDB.deleteDatabase('plumb-sessions');
    const room = page((c) => loadFixture(c).then(() => undefined), null);
    await until(() => room.data.status === 'ready' && room.table.result !== undefined, 'the room', 60_000);
    const cycle = room.table.result!.cycle;
    await room.data.session.open({ cycle });
    // Three moves, a two-level one with its reason; then the last one undone from the log's button.
    const rows = room.table.result!.rows.filter((r) => r.manager_rating !== null && r.calibrated_rating !== null);
    const [a, b, c] = [rows[0]!, rows[40]!, rows[80]!];
    const moves = [
      { row: a, to: a.calibrated_rating! >= 3 ? a.calibrated_rating! - 1 : a.calibrated_rating! + 1, reason: null },
      { row: b, to: b.calibrated_rating! <= 3 ? b.calibrated_rating! + 2 : b.calibrated_rating! - 2, reason: 'Carried the launch' },
      { row: c, to: c.calibrated_rating! >= 3 ? c.calibrated_rating! - 1 : c.calibrated_rating! + 1, reason: null },
    ];
    for (const m of moves) await room.data.session.changeRating({ employee_id: m.row.id, to_rating: m.to, from_rating: m.row.calibrated_rating, reason: m.reason });
    await room.log.settled();
    room.log.shadowRoot!.querySelector<HTMLButtonElement>('[part=undo]')!.click();
    await until(() => room.data.session.events.length === 4, 'the undo');
    await room.table.settled();
    const inRoom = calibrated(room.table);
    expect(inRoom.get(a.id)).toBe(moves[0]!.to);
    expect(inRoom.get(b.id)).toBe(moves[1]!.to);
    expect(inRoom.get(c.id)).toBe(c.calibrated_rating);

    // The log's export of the calibrated ratings (the button's own function, without the download).
    const button = room.log.shadowRoot!.querySelector<HTMLButtonElement>('[part=export-ratings]')!;
    expect(button.textContent).toMatch(/Export calibrated ratings/);
    const file = new File([(await room.log.exportCalibratedRatings({ download: false }))!], 'ratings.csv', { type: 'text/csv' });
    room.data.remove();

    // A fresh page: the organisation without its ratings, then the exported file, loaded as a user drops it.
    const fresh = page((db) => loadFixture(db).then(() => db.query('DELETE FROM ratings')).then(() => undefined), [file]);
    await until(() => fresh.data.status === 'ready' && fresh.table.result !== undefined, 'the fresh page', 60_000);
    expect(fresh.table.result!.cycle).toBe(cycle);
    const loaded = calibrated(fresh.table);
    expect(loaded.size).toBe(inRoom.size);
    const differ = [...inRoom].filter(([id, rating]) => loaded.get(id) !== rating);
    expect(differ).toEqual([]);
    // The fresh page has no session: nothing there is "changed", its calibrated stage is the file's.
    expect(fresh.data.session.session).toBeNull();
    fresh.data.remove();
  }, 120_000);
});
