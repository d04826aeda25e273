// A vite plugin for the builds that bundle other packages' code (the CLI's dist, the elements' standalone file): the
// license texts of every package whose modules went into the output, in one file beside it. Apache-2.0 (apache-arrow,
// flatbuffers) asks that a copy of the license, and any NOTICE, go with the code; MIT, BSD and ISC that the notice stays.
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The directory of the installed package a file belongs to (the nearest named package.json under node_modules), or null. */
function packageDir(file) {
  if (!/[\\/]node_modules[\\/]/.test(file)) return null;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      // A nested package.json without a name (`{"type": "module"}` in an esm/ folder) is not the package's own.
      if (pkg.name) return dir;
    }
    if (/[\\/]node_modules$/.test(dir)) return null;
  }
  return null;
}

/** The license texts of the packages in `dirs`, one section per package (name, version, license; then LICENSE* and NOTICE* as shipped). */
function licenseText(dirs) {
  const sections = [...dirs].map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const files = readdirSync(dir).filter((f) => /^(licen[cs]e|notice|copying)(\.|-|$)/i.test(f)).sort();
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').trim());
    const license = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see its package');
    return { key: `${pkg.name}@${pkg.version}`, text: [`${pkg.name} ${pkg.version} — ${license}`, ...(texts.length ? texts : ['(no license file in the package)'])].join('\n\n') };
  });
  sections.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const unique = sections.filter((s, i) => i === 0 || s.key !== sections[i - 1].key);
  return `Third-party software in this build\n\n${unique.map((s) => `${'-'.repeat(78)}\n${s.text}`).join('\n\n')}\n`;
}

/**
 * The plugin: writes `fileName` (default THIRD-PARTY-LICENSES.txt) into the output with every bundled package's license.
 * `extra`: files the build copies beside its output without bundling them (wasm binaries): their packages are named too.
 */
export function thirdPartyLicenses({ fileName = 'THIRD-PARTY-LICENSES.txt', extra = [] } = {}) {
  return {
    name: 'plumb:third-party-licenses',
    generateBundle(_options, bundle) {
      const dirs = new Set(extra.map((file) => packageDir(realpathSync(file))).filter(Boolean).map((d) => realpathSync(d)));
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const id of output.moduleIds ?? Object.keys(output.modules ?? {})) {
          const file = id.split('?')[0].replace(/^\0/, '');
          const dir = packageDir(file);
          if (dir) dirs.add(realpathSync(dir));
        }
      }
      this.emitFile({ type: 'asset', fileName, source: licenseText(dirs) });
    },
  };
}
