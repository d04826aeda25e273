import { defaultClientConditions, defaultServerConditions, type Plugin } from 'vite';

// DuckDB's sourcemap comments name maps it does not ship (~100 vite warnings a
// run): the same plugin @plumb/elements/vite ships, for the root (vitest), demo,
// Storybook and bench configs.
export { stripDuckDBSourceMaps } from '../elements/vite/index.js';

/**
 * The workspace runs Plumb's TypeScript sources; a published install runs
 * `dist`. Each package's `exports` lists a `plumb-source` condition first
 * (pointing at `src/*.ts`), then `types` + `import` (pointing at `dist`). This
 * plugin turns that condition on for the client and the server (vitest's Node
 * project, SSR) so tests, the demo, Storybook and the bench need no build. An
 * app that installs the tarballs never sets `plumb-source`, so it gets `dist`.
 * (TypeScript sees the same condition through `customConditions` in
 * tsconfig.json; Node scripts through `node --conditions=plumb-source`.)
 */
export const WORKSPACE_CONDITION = 'plumb-source';

export function workspaceSources(): Plugin {
  return {
    name: 'plumb:workspace-sources',
    config: () => ({
      resolve: { conditions: [WORKSPACE_CONDITION, ...defaultClientConditions] },
      ssr: { resolve: { conditions: [WORKSPACE_CONDITION, ...defaultServerConditions], externalConditions: [WORKSPACE_CONDITION] } },
    }),
  };
}
