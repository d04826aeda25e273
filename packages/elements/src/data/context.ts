import { createContext } from '@lit/context';
import type { Connector } from '@plumb/core';

/**
 * The linked selection shared by every element under one `<plumb-data>`:
 * a click in one view filters the others. `null` means nothing selected.
 */
export interface PlumbSelection {
  /** What was selected. */
  kind: 'team' | 'objective' | 'key_result' | 'person' | 'rater' | 'department';
  id: string;
  /** The team the selection belongs to, when known: the filter other views apply. */
  team_id?: string | null;
  /** The element that made the selection (so it does not filter itself). */
  source?: Element;
}

/** What `<plumb-data>` provides to the elements inside it. */
export interface PlumbDataSource {
  connector: Connector;
  /** Resolves when the current files are loaded (rejects with the load error). */
  loaded: Promise<void>;
  /** Increments on every completed (re)load; elements re-query when it moves. */
  version: number;
  selection: PlumbSelection | null;
  select(selection: PlumbSelection | null): void;
}

export const plumbDataContext = createContext<PlumbDataSource | undefined>(Symbol('plumb-data'));
