/** The connector to `plumb serve`, loaded only by a `<plumb-data>` with a `server` (a chunk of its own). */
export { HttpConnector } from '@plumb/core/http';
