/**
 * The wire protocol between `HttpConnector` and a Plumb HTTP server
 * (`plumb serve`). Every request is a POST to the one URL the embedder
 * configured; README.md in this folder describes it for other servers.
 */
import type { SqlParam } from '../sql.js';
import type { CalibrationEventRow, CalibrationSessionRow, RatingRow } from '../schema.js';
import type { ChangeRow } from '../session/export.js';
import type { EventInput } from '../session/log.js';

/** Version of this protocol, reported by `GET` on the server URL. */
export const HTTP_PROTOCOL_VERSION = 1;

export const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
export const OCTET_STREAM_TYPE = 'application/octet-stream';
export const JSON_TYPE = 'application/json';

/** Header naming the table an Arrow IPC body is appended to (percent-encoded). */
export const TABLE_HEADER = 'x-plumb-table';
/** Header set to `true` when the table should be created from the IPC schema. */
export const CREATE_HEADER = 'x-plumb-create';
/** Header naming the virtual file an octet-stream body registers (percent-encoded). */
export const FILE_HEADER = 'x-plumb-file';

/** JSON request bodies. */
export type JsonRequest =
  | { type: 'arrow'; sql: string; params?: SqlParam[] }
  | { type: 'drop-file'; name: string }
  /** Run one of core's named queries on the server (answered with its JSON result). */
  | { type: 'named'; name: string; options: unknown }
  /** A calibration session kept by the server (`plumb serve --sessions DIR`). */
  | ({ type: 'session' } & SessionRequest);

/**
 * Calibration session requests. The server numbers and stamps every event: its author (`by_id`) is
 * the authenticated caller, never a value the client sends; `at` is the server's clock.
 *  - `open`: the newest open session of this cycle and scope, else a new one → `SessionAnswer`;
 *  - `append`: one event (kind, employee, dimension, from/to rating, reason, undoes_seq) → `{event}`;
 *    a `from_rating` that is not the rating in force is answered 409 `{error, current}`;
 *  - `events`: the log after `after` (waits up to `wait_ms`, at most 25 s, for one) → `SessionAnswer`;
 *  - `close`: no more events → `SessionAnswer`;
 *  - `export`: what the session hands on, with real ids (facilitators and administrators, people in
 *    their scope; refused by a server that anonymizes for everyone) → `SessionExportAnswer`.
 * Set `anonymize` when the page shows pseudonyms: people in events are then pseudonym codes both ways.
 */
export type SessionRequest =
  | { op: 'open'; cycle: string | null; scope?: string | null; anonymize?: boolean }
  | { op: 'append'; session_id: string; event: SessionEventInput; anonymize?: boolean }
  | { op: 'events'; session_id: string; after: number; wait_ms?: number; anonymize?: boolean }
  | { op: 'close'; session_id: string; anonymize?: boolean }
  | { op: 'export'; session_id: string; what: 'changes' | 'ratings'; anonymize?: boolean };

/** `export`'s answer: the change set in force, or every rating with the calibrated stage (canonical layout). */
export type SessionExportAnswer = { changes: ChangeRow[] } | { ratings: RatingRow[] };

/** An event as a client asks for it (the server adds session, seq, author and time): the log's own input. */
export type SessionEventInput = EventInput;

/** A session and (part of) its log, as the caller may see it. */
export interface SessionAnswer {
  session: CalibrationSessionRow;
  events: CalibrationEventRow[];
  /** The highest seq of the log (the caller's `after` for the next `events`), seen or not. */
  last_seq: number;
  /**
   * People in `events` (and the facilitator) are pseudonym codes: the page asked for them, or the
   * server anonymizes for everyone. The server keeps the real ids; they never reach the page.
   */
  pseudonyms?: boolean;
}

/** Body of every non-2xx answer. */
export interface ErrorBody {
  error: string;
}

/** Body of `GET` on the server URL: what this server is. */
export interface ServerInfo {
  service: 'plumb';
  protocol: number;
  readOnly: boolean;
  /** The server keeps calibration sessions (`plumb serve --sessions DIR`). */
  sessions?: boolean;
}

/** True when `value` is a parameter the protocol carries (JSON cannot carry NaN or Infinity). */
export function isWireParam(value: unknown): value is SqlParam {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
