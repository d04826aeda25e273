// `cem analyze` reads the elements' JSDoc (@summary @event @csspart @cssproperty @slot).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/standalone.ts'],
  outdir: '.',
  litelement: true,
};
