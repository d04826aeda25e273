/**
 * The wire protocol between `HttpConnector` and a Plumb HTTP server
 * (`plumb serve`). Every request is a POST to the one URL the embedder
 * configured; README.md in this folder describes it for other servers.
 */
import type { SqlParam } from '../sql.js';

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
  | { type: 'named'; name: string; options: unknown };

/** Body of every non-2xx answer. */
export interface ErrorBody {
  error: string;
}

/** Body of `GET` on the server URL: what this server is. */
export interface ServerInfo {
  service: 'plumb';
  protocol: number;
  readOnly: boolean;
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
