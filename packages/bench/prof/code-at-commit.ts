// Old code beside this tree, for the prof scripts that compare answers or times old vs new in one process.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Import `files` of `packages/core/src/<folder>` as they were at commit `base`: the folder is copied for the import
 * into packages/core/src/.<folder>-base/ (removed after), so its imports outside the folder resolve to this tree.
 * `untilExit`: the copy stays until the process exits (for code that imports more of its folder later, on first use).
 */
export async function importAtCommit(folder: string, base: string, files: string[], options: { untilExit?: boolean } = {}): Promise<unknown[]> {
  const dir = fileURLToPath(new URL(`../../core/src/.${folder}-base/`, import.meta.url));
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  mkdirSync(dir, { recursive: true });
  try {
    for (const path of git('ls-tree', '--name-only', base, `packages/core/src/${folder}/`).split('\n').filter(Boolean)) {
      writeFileSync(dir + path.slice(path.lastIndexOf('/') + 1), git('show', `${base}:${path}`));
    }
    const modules: unknown[] = [];
    for (const file of files) modules.push(await import(dir + file));
    return modules;
  } finally {
    const remove = () => rmSync(dir, { recursive: true, force: true });
    if (options.untilExit) process.once('exit', remove);
    else remove();
  }
}
