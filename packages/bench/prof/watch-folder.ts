// The labs' folder watch: every <name>.json dropped into `dir` (read once, in name order) is handed to `run`, whose
// line goes into <name>.out (an error's message if it throws) and to the console. Runs until the process is stopped.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export async function watchFolder(dir: string, run: (spec: Record<string, unknown>, name: string) => Promise<string>): Promise<never> {
  const done = new Set<string>();
  for (;;) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && !done.has(f)).sort()) {
      done.add(f);
      const name = f.replace(/\.json$/, '');
      let out: string;
      try {
        out = await run(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Record<string, unknown>, name);
      } catch (e) {
        out = `error: ${String(e)}`;
      }
      writeFileSync(`${dir}/${name}.out`, out + '\n');
      console.log(`${f}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A short fingerprint of a text (an answer's JSON): equal texts, equal numbers. */
export function textHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
