import { bundle } from './bundle-size.mjs';
import { join } from 'node:path';
const { eager, lazy } = await bundle(join(process.cwd(), 'src', process.argv[2]));
const rows = eager.modules.sort((a, b) => b.bytes - a.bytes).slice(0, Number(process.argv[3] ?? 45));
for (const m of rows) console.log(String((m.bytes / 1024).toFixed(1)).padStart(6), m.id.replace(/^.*\/packages\//, '').replace(/^.*node_modules\//, 'nm/'));
console.log('eager gz', (eager.gzip_bytes / 1024).toFixed(1), 'lazy gz', (lazy.gzip_bytes / 1024).toFixed(1));
