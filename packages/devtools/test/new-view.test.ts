import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm new-view` on a scratch copy of core's and the elements' sources (inside the checkout, so
// TypeScript and Node find the workspace's modules): the view it adds type-checks with the rest,
// its query is registered and answers on a real DuckDB, and its element registers — after which
// adding a view is six files to fill in.
const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const NAME = 'goal-health';
let scratch = '';

function linkModules(from: string, to: string, replace: Record<string, string> = {}): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === '@plumb') continue;
    symlinkSync(join(from, entry), join(to, entry));
  }
  for (const [name, target] of Object.entries(replace)) {
    mkdirSync(dirname(join(to, name)), { recursive: true });
    symlinkSync(target, join(to, name));
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(join(repo, '.scaffold-test-'));
  for (const pkg of ['core', 'elements']) {
    cpSync(join(repo, 'packages', pkg, 'src'), join(scratch, 'packages', pkg, 'src'), { recursive: true });
    cpSync(join(repo, 'packages', pkg, 'package.json'), join(scratch, 'packages', pkg, 'package.json'));
  }
  mkdirSync(join(scratch, 'packages', 'core', 'test'), { recursive: true });
  mkdirSync(join(scratch, 'packages', 'elements', 'test'), { recursive: true });
  cpSync(join(repo, 'stories', 'calibration-scenarios.ts'), join(scratch, 'stories', 'calibration-scenarios.ts'));
  linkModules(join(repo, 'packages', 'core', 'node_modules'), join(scratch, 'packages', 'core', 'node_modules'));
  linkModules(join(repo, 'packages', 'elements', 'node_modules'), join(scratch, 'packages', 'elements', 'node_modules'), {
    '@plumb/core': join(scratch, 'packages', 'core'),
  });
  const tsconfig = JSON.parse(readFileSync(join(repo, 'tsconfig.json'), 'utf8')) as { include: string[] };
  tsconfig.include = ['packages/core/src', 'packages/elements/src', `packages/*/test/${NAME}*`, `packages/*/test/${NAME}`];
  writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig));
}, 60_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('pnpm new-view', () => {
  let printed = '';

  it('writes the view, names the six files to fill in, and registers it', async () => {
    ({ stdout: printed } = await run(process.execPath, [join(repo, 'packages/devtools/new-view.mjs'), NAME, '--root', scratch]));
    const fill = printed.split('\n').filter((l) => l.startsWith('  '));
    expect(fill).toHaveLength(6);
    expect(readFileSync(join(scratch, 'packages/core/src/queries/named.ts'), 'utf8')).toContain(`from '../${NAME}/named.js'`);
    expect(readFileSync(join(scratch, 'packages/elements/src/index.ts'), 'utf8')).toContain(`./${NAME}/${NAME}.define.js`);
    // A second run refuses rather than overwrite.
    await expect(run(process.execPath, [join(repo, 'packages/devtools/new-view.mjs'), NAME, '--root', scratch])).rejects.toThrow(/exists already/);
    await expect(run(process.execPath, [join(repo, 'packages/devtools/new-view.mjs'), 'Not A Name', '--root', scratch])).rejects.toThrow();
  });

  it('type-checks with the rest of core and the elements', async () => {
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(scratch, 'tsconfig.json'), '--noEmit'], { cwd: scratch }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe('');
  }, 180_000);

  it('its query is registered and answers on a real DuckDB, withholding a group under min-group', async () => {
    const core = (await import(/* @vite-ignore */ join(scratch, 'packages/core/src/index.ts'))) as typeof import('../../core/src/index.js');
    const { NodeConnector } = (await import(/* @vite-ignore */ join(scratch, 'packages/core/src/node/index.ts'))) as typeof import('../../core/src/node/index.js');
    const db = new NodeConnector();
    try {
      await core.createSchema(db);
      await core.insertRows(db, 'people', [
        ...Array.from({ length: 5 }, (_, i) => ({ person_id: `s${i}`, name: `S ${i}`, department: 'Sales' })),
        { person_id: 'e0', name: 'E 0', department: 'Eng' },
      ]);
      const result = (await core.namedQuery(NAME).run(db, { minGroup: 5 } as never)) as { rows: unknown[] };
      expect(result.rows).toEqual([
        { department: 'Sales', people: 5 },
        { department: 'Eng', people: null },
      ]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('its element registers (and imports in Node without a DOM)', async () => {
    await import(/* @vite-ignore */ join(scratch, 'packages/elements/src/index.ts'));
    expect(customElements.get(`plumb-${NAME}`)).toBeDefined();
  }, 60_000);
});
