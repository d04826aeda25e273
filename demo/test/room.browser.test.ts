import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { testAssets } from '../../packages/core/test/duckdb-assets.browser.js';
import { CalibrationRoom } from '../src/room.js';
import type { PlumbLoadDetail } from '@plumb/elements';
import { until } from '../../packages/elements/test/browser-helpers.js';

CalibrationRoom.assets = testAssets;
if (!customElements.get('plumb-calibration-room')) customElements.define('plumb-calibration-room', CalibrationRoom);

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

/** What a view shows, as text, through its shadow roots (works for the stand-ins and the real charts). */
function viewText(id: string): string {
  const collect = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (node instanceof Element && ['STYLE', 'SCRIPT'].includes(node.tagName)) return '';
    const root = node instanceof Element && node.shadowRoot ? [...node.shadowRoot.childNodes] : [];
    return [...root, ...node.childNodes].map(collect).join(' ');
  };
  return collect(document.querySelector(`[data-view=${id}]`)!).replace(/\s+/g, ' ').trim();
}

const VIEWS = ['cascade', 'burndown', 'ratings'];
const drawn = (id: string) => viewText(id).length > 40 && !/Loading|Computing|Waiting/.test(viewText(id));

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
    await until(() => VIEWS.every(drawn), 'all three views', 60_000);
    await until(() => drawn('ninebox'), 'the nine-box beside the distribution', 60_000);
  });

  it('switches anonymize, and presents to a projector, with the keyboard', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo(/^Anonymize$/);
    await userEvent.keyboard(' ');
    await until(() => document.querySelector('[data-view=ratings]')!.hasAttribute('anonymize'), 'anonymize on the views');
    await userEvent.keyboard(' ');
    await until(() => !document.querySelector('[data-view=ratings]')!.hasAttribute('anonymize'), 'anonymize off again');
    (document.activeElement as HTMLElement).blur();
    await tabTo(/^Projector$/, 80); // forward through every view (the session area's controls too) and round again
    await userEvent.keyboard(' ');
    expect(document.documentElement.dataset.plumbTheme).toBe('projector');
    // The room presents and takes the keyboard: focus is on its toolbar, the first view's tab.
    const present = room.querySelector('plumb-room')!;
    await until(() => present.presenting && document.activeElement === present, 'focus in the presenting room');
    expect(present.shadowRoot!.activeElement!.textContent!.trim()).toBe('1 Rating distribution');
    await userEvent.keyboard('{PageDown}');
    expect(present.index).toBe(1);
    await userEvent.keyboard('{Escape}');
    await until(() => !present.presenting, 'presenting to stop');
    expect(document.documentElement.dataset.plumbTheme).toBe('light');
    present.index = 0;
  });

  it('focuses every view on one team from the keyboard, and back', async () => {
    await until(() => VIEWS.every(drawn), 'all three views', 60_000);
    const before = VIEWS.map(viewText);
    const nineBoxBefore = viewText('ninebox');
    await tabTo(/^Focus on team/);
    await userEvent.keyboard('{ArrowDown}');
    const data = room.data!;
    await until(() => data.clauses.length > 0, 'a team to be selected');
    expect(data.clauses[0]!.filter.team_id).toBeTruthy();
    // The linked views narrow to the team (at least two of the three change what they show).
    await until(
      () => VIEWS.every(drawn) && VIEWS.filter((v, i) => viewText(v) !== before[i]).length >= 2,
      'the linked views to narrow to the team',
      60_000,
    );
    await until(() => drawn('ninebox') && viewText('ninebox') !== nineBoxBefore, 'the nine-box to narrow to the team', 60_000);
    await tabTo(/^Show all teams$/);
    await userEvent.keyboard('{Enter}');
    expect(data.clauses).toEqual([]);
    await until(() => VIEWS.every(drawn) && viewText('ratings') === before[2], 'the views to show every team again', 60_000);
  });

  it('exports a view as CSV from the keyboard', async () => {
    // Whichever view has rows to hand (a chart whose table is still closed says so instead).
    for (const title of ['Rating distribution', 'Confidence burn-down', 'OKR cascade']) {
      (document.activeElement as HTMLElement | null)?.blur();
      await tabTo(new RegExp(`^Export ${title} as CSV$`));
      await userEvent.keyboard('{Enter}');
      await new Promise((r) => setTimeout(r, 200));
      if (downloads.length) break;
      expect(room.querySelector('.room-status')!.textContent).toContain(title);
    }
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads[0]!.name).toMatch(/-sample\.csv$/);
    const text = await (await fetch(downloads[0]!.href)).text();
    expect(text.split('\r\n')[0]!.split(',').length).toBeGreaterThan(1); // a header row
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });
});

describe('the person review in the room', () => {
  it('opens beside the views when a person is clicked in the nine-box, and closes with Esc', async () => {
    const room = document.createElement('plumb-calibration-room') as CalibrationRoom;
    const loaded = new Promise((resolve) => room.addEventListener('plumb-load', resolve, { once: true }));
    document.body.append(room);
    await loaded;
    const present = room.querySelector('plumb-room')!;
    const review = room.querySelector('plumb-person-review')!;
    expect(review.assignedSlot).toBeNull(); // closed: not drawn
    const nineBox = room.querySelector('[data-view=ninebox]')!;
    await until(() => !!nineBox.shadowRoot?.querySelector('[part~=person]'), 'names in the nine-box', 60_000);
    const person = nineBox.shadowRoot!.querySelector<HTMLButtonElement>('[part~=person]')!;
    const name = person.textContent!.trim();
    person.focus();
    await userEvent.keyboard('{Enter}');
    await until(() => present.panelOpen && review.assignedSlot !== null, 'the side panel to open');
    await until(() => review.shadowRoot?.querySelector('[part=header] h2')?.textContent === name, `the review of ${name}`, 60_000);
    // Beside the chart, not over it.
    const panel = present.shadowRoot!.querySelector('[part=panel]')!.getBoundingClientRect();
    const stage = present.shadowRoot!.querySelector('[part=stage]')!.getBoundingClientRect();
    expect(panel.left).toBeGreaterThanOrEqual(stage.right - 1);
    await userEvent.keyboard('{Escape}');
    await until(() => !present.panelOpen, 'the panel to close');
    await until(() => room.data!.clauses.length === 0, 'the person selection cleared');
    room.remove();
  }, 120_000);
});
