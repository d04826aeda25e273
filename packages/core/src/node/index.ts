export { NodeConnector } from './node-connector.js';
export { startHttpServer, createHttpHandler, lockDown, prepareServedViews, type HttpServerOptions, type HttpHandlerOptions, type RunningHttpServer } from './http-server.js';
export { openFiles, type OpenFilesOptions } from './open-files.js';
export { NativeConnector, type NativeConnectorOptions } from './native-connector.js';
