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

/**
 * Elements register through `defineElement(tag, Class)` (src/shared/define.ts: SSR- and
 * double-load-safe) rather than `customElements.define`; record those calls the way
 * the analyzer records `customElements.define`, so every class keeps its tag name.
 */
function defineElementCalls() {
  return {
    name: 'plumb:define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineElement') return;
      const [tag, klass] = node.arguments;
      if (!tag || !klass || !ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      const source = node.getSourceFile();
      let module = moduleDoc.path;
      for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
        const bindings = statement.importClause.namedBindings;
        if (ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === klass.text)) {
          const from = statement.moduleSpecifier.text;
          const dir = moduleDoc.path.slice(0, moduleDoc.path.lastIndexOf('/'));
          module = new URL(from, `file:///${dir}/`).pathname.slice(1);
        }
      }
      const definition = { kind: 'custom-element-definition', name: tag.text, declaration: { name: klass.text, module } };
      moduleDoc.exports = [...(moduleDoc.exports ?? []), definition];
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/standalone.ts'],
  outdir: '.',
  // package.json names the manifest itself ("customElements"); the analyzer rewriting it would
  // point the package at a temporary folder whenever the React generator runs it elsewhere.
  packagejson: false,
  litelement: true,
  plugins: [defineElementCalls(), pathsIntoDist()],
};
