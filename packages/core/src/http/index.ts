export { HttpConnector, type HttpConnectorOptions } from './http-connector.js';
export { HttpRequestError } from './request-error.js';
export { readOnlyRefusal } from './read-only.js';
export { HTTP_PROTOCOL_VERSION, type JsonRequest, type ErrorBody, type ServerInfo, type SessionRequest, type SessionAnswer, type SessionExportAnswer, type SessionEventInput } from './protocol.js';
