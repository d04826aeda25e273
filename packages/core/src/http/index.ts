export { HttpConnector, type HttpConnectorOptions } from './http-connector.js';
export { readOnlyRefusal } from './read-only.js';
export { HTTP_PROTOCOL_VERSION, type JsonRequest, type ErrorBody, type ServerInfo } from './protocol.js';
