import { readFileSync } from 'node:fs';
import { loadSample } from '@plumb/core';
import { NodeConnector } from '@plumb/core/node';
const mainCpu = (): number => { const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'); const x = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(x[11]) + Number(x[12])) * 10; };
const c = new NodeConnector();
await loadSample(c, { people: Number(process.argv[2] ?? 3000), seed: 1 });
const qs = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as string[];
for (let r = 0; r < Number(process.env.R ?? 5); r++) { if (r > 0) qs.forEach((q, i) => { qs[i] = q.replace(/^CREATE TEMP TABLE/, "CREATE OR REPLACE TEMP TABLE"); });
  const out: string[] = [];
  for (const q of qs) { const t = mainCpu(); const res = await c.query(q); out.push(`${mainCpu() - t}`); if (r === 0) console.log(JSON.stringify(res.toArray()[0]?.toJSON(), (_, v) => typeof v === 'bigint' ? Number(v) : v)); }
  console.log(`round ${r}: ${out.join(' / ')}`);
}
