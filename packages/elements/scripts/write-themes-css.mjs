#!/usr/bin/env node
// Writes dist/themes.css (the light, dark, projector and auto themes) from the
// compiled themes module, so plain pages can <link> it.
import { writeFileSync } from 'node:fs';
const { allThemesCSS } = await import(new URL('../dist/shared/themes.js', import.meta.url).href);
writeFileSync(new URL('../dist/themes.css', import.meta.url), allThemesCSS());
console.log('themes: dist/themes.css');
