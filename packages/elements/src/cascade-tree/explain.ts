/** How a node's progress and status come about (the details panel), loaded when a reader first selects a node. */
export { explainCascadeNode } from '@plumb/core/queries';
