import { expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { SessionPagesReport } from './session-server.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    openSessionPages: () => Promise<SessionPagesReport>;
  }
}

interface Read {
  counts: Record<string, number[]>;
  nine: Record<string, number>;
  names: Record<string, string[]>;
  events: [number, string, string | null, number | null, number | null][];
  state: string;
}

// The page's data (test/session-page): manager ratings of m1's people e01–e06 are 3 4 2 3 5 3, of m2's
// e07–e12 1 3 4 2 3 4. Expected counts below are those ratings with the session's moves applied by hand.
it('a calibration session: changes show in every view, survive a real reload, reach a second tab, and a stale write is a conflict', async () => {
  const report = await commands.openSessionPages();
  expect(report.error).toBeNull();
  const s = report.steps as unknown as Record<"initial" | "afterChanges" | "afterReload" | "tabB" | "tabBAfterA" | "finalA" | "finalB", Read> & { changes: { out: unknown[]; state: string }; conflict: string[]; conflictState: string[] };
  expect(s.initial.counts).toEqual({ m1: [0, 1, 3, 1, 1], m2: [1, 1, 2, 2, 0] });
  // e01 3→4, e07 1→3 (two levels, with a reason), e05 5→4; e03 2→5 refused without a reason; e02 discussed, then undone.
  expect(s.changes.out[3]).toEqual({ refused: 'reason-required' });
  expect(s.changes.state).toBe('saved');
  const after = { m1: [0, 1, 2, 3, 0], m2: [0, 1, 3, 2, 0] };
  const log = [
    [1, 'rating', 'e01', 4, null],
    [2, 'rating', 'e07', 3, null],
    [3, 'rating', 'e05', 4, null],
    [4, 'discussed', 'e02', null, null],
    [5, 'undo', null, null, 4],
  ];
  expect(s.afterChanges.counts).toEqual(after);
  expect(s.afterChanges.events).toEqual(log);
  // The nine-box moved too: e07 (now 3, potential 1) left "Risk" for "Effective".
  expect(s.initial.names.Risk).toContain('e07');
  expect(s.afterChanges.names.Risk).not.toContain('e07');
  expect(s.afterChanges.names.Effective).toEqual(['e07']);
  // A real reload restores every change: the same log, the same views.
  expect(s.afterReload.events).toEqual(log);
  expect(s.afterReload.counts).toEqual(after);
  expect(s.afterReload.nine).toEqual(s.afterChanges.nine);
  // A second tab on the same data finds the same session; a change in the first appears in it.
  expect(s.tabB.events).toEqual(log);
  expect(s.tabB.counts).toEqual(after);
  expect(s.tabBAfterA.events.at(-1)).toEqual([6, 'rating', 'e10', 3, null]);
  expect(s.tabBAfterA.counts).toEqual({ m1: [0, 1, 2, 3, 0], m2: [0, 0, 4, 2, 0] });
  expect(s.tabBAfterA.names.Effective).toEqual(['e07', 'e10']);
  // Both tabs change e12 (4) at once: one is saved, the other told of a conflict — never both.
  expect([...s.conflict].sort()).toEqual(['conflict', 'saved']);
  expect([...s.conflictState].sort()).toEqual(['conflict', 'saved']);
  const aWon = s.conflict[0] === 'saved';
  const final = { m1: [0, 1, 2, 3, 0], m2: aWon ? [0, 0, 5, 1, 0] : [0, 0, 4, 1, 1] };
  expect(s.finalA.counts).toEqual(final);
  expect(s.finalB.counts).toEqual(final);
  expect(s.finalA.events).toEqual(s.finalB.events);
  expect(s.finalA.events).toHaveLength(7);
}, 240_000);
