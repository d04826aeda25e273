import { createContext } from '@lit/context';
import type { Connector } from '@plumb/core/queries';
import type { PlumbCoordinator } from './coordinator.js';

/**
 * Where a view or `<plumb-data>` is: nothing asked yet (`idle`), working (`loading`), drawn or loaded
 * (`ready`), failed (`error`). One union for both: `ViewStatus` and `PlumbDataStatus` name it.
 */
export type ViewStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What `<plumb-data>` provides to the elements inside it (or pointing at it with `source="id"`). */
export interface PlumbDataSource {
  /** Owns the connection, the query cache, the linked selection and the shared privacy settings. */
  coordinator?: PlumbCoordinator;
  /** The database, once loaded (null while loading or after a failed load). */
  connector: Connector | null;
  /** Where the load is: views show their loading or error state from it. */
  status?: Exclude<ViewStatus, 'idle'>;
  /** The load error's message, when `status` is `error`. */
  error?: string;
  /** Increments on every completed (re)load; elements re-query when it moves. */
  version: number;
}

export const plumbDataContext = createContext<PlumbDataSource | undefined>(Symbol('plumb-data'));
