import type { Plugin } from 'vite';

/**
 * Routes the browser tests use to meet a failing server (dev server only, under /__plumb_test/):
 * - `/__plumb_test/missing/…`: 404 for every file (an asset-base folder without DuckDB's files);
 * - `/__plumb_test/never/…`: answers nothing until the client gives up or 20 s pass (then 504), so a
 *   test of a data URL that times out never leaves a connection behind.
 */
export function failingTestRoutes(): Plugin {
  return {
    name: 'plumb:failing-test-routes',
    configureServer(server) {
      server.middlewares.use('/__plumb_test/missing/', (_req, res) => {
        res.statusCode = 404;
        res.end('not here');
      });
      server.middlewares.use('/__plumb_test/never/', (req, res) => {
        const timer = setTimeout(() => {
          res.statusCode = 504;
          res.end();
        }, 20_000);
        req.on('close', () => clearTimeout(timer));
      });
    },
  };
}
