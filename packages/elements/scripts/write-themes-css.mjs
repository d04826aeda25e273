#!/usr/bin/env node
// Writes themes.css (the light, dark, projector and auto themes) from the
// compiled themes module into dist/ and beside the standalone bundle, so
// plain pages can <link> it.
import { existsSync, writeFileSync } from 'node:fs';
const { allThemesCSS } = await import(new URL('../dist/shared/themes.js', import.meta.url).href);
const css = allThemesCSS();
writeFileSync(new URL('../dist/themes.css', import.meta.url), css);
if (existsSync(new URL('../dist/standalone/', import.meta.url))) {
  writeFileSync(new URL('../dist/standalone/themes.css', import.meta.url), css);
}
console.log('themes: dist/themes.css, dist/standalone/themes.css');
