export { NodeConnector } from './node-connector.js';
export { openFiles, type OpenFilesOptions } from './open-files.js';
