// `cem analyze` reads the elements' JSDoc (@summary @event @csspart @cssproperty @slot).

/**
 * The manifest describes the published package, which ships `dist/*.js`, not
 * `src/*.ts`: IDEs, Storybook and the React wrapper generator follow these paths.
 */
function pathsIntoDist() {
  const toDist = (value) => value.replace(/^(\.?\/)?src\/(.*)\.(ts|js)$/, 'dist/$2.js');
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = toDist(value);
        else walk(value);
      }
  };
  return { name: 'plumb:paths-into-dist', packageLinkPhase: ({ customElementsManifest }) => walk(customElementsManifest) };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/standalone.ts'],
  outdir: '.',
  litelement: true,
  plugins: [pathsIntoDist()],
};
