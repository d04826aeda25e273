export { NodeConnector } from './node-connector.js';
export {
  startHttpServer, createHttpHandler, lockDown, prepareServedViews, jsonLinesAudit, LOOPBACK_HOSTS,
  type HttpServerOptions, type HttpHandlerOptions, type RunningHttpServer, type ServerLimits, type AuditEntry,
} from './http-server.js';
export { createAuthenticator, readTokensFile, tokenHash, AuthError, type AuthConfig, type Authenticator } from './auth.js';
export { ROLES, parseRole, type Identity, type Role } from './identity.js';
export { computeScope, scopeOptions, ScopeError, type Scope } from './scope.js';
export { openFiles, type OpenFilesOptions } from './open-files.js';
export { NativeConnector, ResultTooLargeError, BusyError, type NativeConnectorOptions, type StatementLimits } from './native-connector.js';
export { ServerSessions, SessionRequestError, MAX_SESSION_WAIT_MS, type ServerSessionsOptions, type SessionCaller } from './session-server.js';
