export { NodeConnector } from './node-connector.js';
