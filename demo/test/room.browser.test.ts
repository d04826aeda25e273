import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { testAssets } from '../../packages/core/test/duckdb-assets.browser.js';
import { CalibrationRoom } from '../src/room.js';
import type { PlumbLoadDetail } from '@plumb/elements';

CalibrationRoom.assets = testAssets;
if (!customElements.get('plumb-calibration-room')) customElements.define('plumb-calibration-room', CalibrationRoom);

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What has keyboard focus, described as a person would: its label or text. */
function focused(): string {
  const el = document.activeElement as HTMLElement | null;
  if (!el) return '';
  return (el.getAttribute('aria-label') || el.closest('label')?.textContent || el.textContent || el.localName)
    .replace(/\s+/g, ' ')
    .trim();
}

async function tabTo(label: RegExp, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await userEvent.keyboard('{Tab}');
    if (label.test(focused())) return;
  }
  throw new Error(`Tab never reached ${label}; last focus: ${focused()}`);
}

/** Rows of a stand-in view's table (or of a real view's text alternative). */
function viewRows(id: string): string[] {
  const view = document.querySelector(`[data-view=${id}]`)!;
  const table = view.shadowRoot?.querySelector('plumb-data-table');
  return [...(table?.shadowRoot?.querySelectorAll('tbody tr') ?? [])].map((tr) => tr.textContent!.replace(/\s+/g, ' ').trim());
}

describe('the calibration room, by keyboard', () => {
  let room: CalibrationRoom;
  let load: PlumbLoadDetail;
  const downloads: { name: string; href: string }[] = [];
  const keepDownload = (e: Event) => {
    const a = e.target as HTMLAnchorElement;
    if (a.localName === 'a' && a.download) {
      e.preventDefault();
      downloads.push({ name: a.download, href: a.href });
    }
  };

  beforeAll(async () => {
    document.addEventListener('click', keepDownload, true);
    room = document.createElement('plumb-calibration-room') as CalibrationRoom;
    const loaded = new Promise<PlumbLoadDetail>((resolve, reject) => {
      room.addEventListener('plumb-load', (e) => resolve((e as CustomEvent<PlumbLoadDetail>).detail), { once: true });
      room.addEventListener('plumb-error', (e) => reject(new Error((e as CustomEvent<{ message: string }>).detail.message)), {
        once: true,
      });
    });
    document.body.append(room);
    load = await loaded;
  });
  afterAll(() => {
    document.removeEventListener('click', keepDownload, true);
    room.remove();
  });

  it('opens on the 600-person sample, saying so before the views', async () => {
    expect(load.report.tables.people).toBe(600);
    const data = room.data!;
    await data.updateComplete;
    const status = data.shadowRoot!.querySelector('[part=status]')!.textContent!;
    expect(status).toMatch(/^Loaded 600 people, \d+ teams/);
    // The load panel comes before the views in reading order.
    const panel = data.shadowRoot!.querySelector('[part=diagnostics]')!;
    const slot = data.shadowRoot!.querySelector('slot')!;
    expect(panel.compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await until(() => ['cascade', 'burndown', 'ratings'].every((v) => viewRows(v).length > 0), 'all three views');
  });

  it('switches projector and anonymize with the keyboard', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo(/^Projector$/);
    await userEvent.keyboard(' ');
    expect(document.documentElement.dataset.plumbTheme).toBe('projector');
    await userEvent.keyboard('{Tab}');
    expect(focused()).toBe('Anonymize');
    await userEvent.keyboard(' ');
    await until(() => document.querySelector('[data-view=ratings]')!.hasAttribute('anonymize'), 'anonymize on the views');
    await userEvent.keyboard(' ');
    (document.activeElement as HTMLElement).blur();
    await tabTo(/^Projector$/);
    await userEvent.keyboard(' ');
    expect(document.documentElement.dataset.plumbTheme).toBe('light');
  });

  it('focuses every view on one team from the keyboard, and back', async () => {
    const before = { cascade: viewRows('cascade'), ratings: viewRows('ratings') };
    await tabTo(/^Focus on team/);
    await userEvent.keyboard('{ArrowDown}');
    const data = room.data!;
    await until(() => data.selection !== null, 'a team to be selected');
    const team = data.selection!.team_id;
    expect(team).toBeTruthy();
    await until(
      () => viewRows('cascade').join() !== before.cascade.join() && viewRows('ratings').join() !== before.ratings.join(),
      'the cascade and the ratings to narrow to the team',
    );
    await tabTo(/^Show all teams$/);
    await userEvent.keyboard('{Enter}');
    expect(data.selection).toBeNull();
    await until(() => viewRows('ratings').join() === before.ratings.join(), 'the ratings to show every team again');
  });

  it('exports a view as CSV from the keyboard', async () => {
    await tabTo(/^Export OKR cascade as CSV$/);
    await userEvent.keyboard('{Enter}');
    await until(() => downloads.length > 0, 'a download');
    expect(downloads[0]!.name).toBe('okr-cascade-sample.csv');
    const text = await (await fetch(downloads[0]!.href)).text();
    expect(text.split('\r\n')[0]).toMatch(/Level|Objective/);
  });
});
