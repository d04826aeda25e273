import { readFileSync } from 'node:fs';
import { defaultClientConditions, defaultServerConditions, type Plugin } from 'vite';

/**
 * DuckDB-WASM's files end in sourcemap comments for maps it does not ship;
 * vite prints ~100 warnings a run for them. Strip the comments on load (the
 * `?url`/`?raw` imports are left to vite). Shared by the root (vitest), demo,
 * Storybook and bench configs.
 */
export function stripDuckDBSourceMaps(): Plugin {
  return {
    name: 'plumb:strip-duckdb-sourcemaps',
    enforce: 'pre',
    load(id) {
      const [file = '', query = ''] = id.split('?');
      if (/(^|&)(url|raw|inline)\b/.test(query)) return undefined;
      if (file.includes('@duckdb/duckdb-wasm/dist/') && /\.(c|m)?js$/.test(file)) {
        return { code: readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/gm, ''), map: null };
      }
      return undefined;
    },
  };
}

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
