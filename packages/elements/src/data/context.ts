import { createContext } from '@lit/context';
import type { Connector } from '@plumb/core';
import type { PlumbCoordinator } from './coordinator.js';

/**
 * The selection as it was before clauses (one slot). Still accepted by `<plumb-data>.select()` for
 * one release; new code selects with a clause (`{kind, id, filter}`).
 * @deprecated Use `PlumbClause` / `PlumbSelectDetail`.
 */
export interface PlumbSelection {
  kind: 'team' | 'objective' | 'key_result' | 'person' | 'rater' | 'department';
  id: string;
  /** The team the selection belongs to, when known: the filter other views apply. */
  team_id?: string | null;
  /** The element that made the selection (so it does not filter itself). */
  source?: Element;
}

/** What `<plumb-data>` provides to the elements inside it (or pointing at it with `source="id"`). */
export interface PlumbDataSource {
  /** Owns the connection, the query cache, the linked selection and the shared privacy settings. */
  coordinator?: PlumbCoordinator;
  /** The database, once loaded (null while loading or after a failed load). */
  connector: Connector | null;
  /** Where the load is: views show their loading or error state from it. */
  status?: 'loading' | 'ready' | 'error';
  /** The load error's message, when `status` is `error`. */
  error?: string;
  /** Resolves when the current files are loaded (rejects with the load error). */
  loaded: Promise<void>;
  /** Increments on every completed (re)load; elements re-query when it moves. */
  version: number;
  /** @deprecated The newest clause as a one-slot selection; read `coordinator.clauses`. */
  selection: PlumbSelection | null;
  /** @deprecated Use `coordinator.select(source, clause)`. */
  select(selection: PlumbSelection | null): void;
}

export const plumbDataContext = createContext<PlumbDataSource | undefined>(Symbol('plumb-data'));
