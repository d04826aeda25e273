// What the labs share: the folder watch — every <name>.json dropped into `dir` (read once, in name order) is handed to
// `run`, whose line goes into <name>.out (an error's message if it throws) and to the console, until the process is
// stopped — the capture of a build's statements, and the timing of statement variants.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { queryRows, type Connector } from '@plumb/core';

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

/**
 * Watch `dir` for statement variants, { sql, params?, times?, explain?, check? }, each run `times` (5) on `connector`
 * and timed by `clock` (CPU ms for the single-threaded wasm engine, wall ms for native DuckDB): the median and every
 * time; with `explain` the profiled plan into <name>.plan; with `check` the rows hashed order-free — `check: true` the
 * statement's own rows, a string that query's (a build's table).
 */
export function watchVariants(dir: string, connector: Connector, clock: { unit: string; now: () => number }): Promise<never> {
  return watchFolder(dir, async (spec, name) => {
    const { sql, params, check, times: repeat, explain } = spec as { sql: string; params?: unknown[]; check?: string | true; times?: number; explain?: boolean };
    if (explain) {
      // The profiled plan as text (EXPLAIN ANALYZE's second column).
      const rows = await queryRows<Record<string, string>>(connector, `EXPLAIN ANALYZE ${sql}`, params as never);
      writeFileSync(`${dir}/${name}.plan`, rows.map((r) => Object.values(r).at(-1)).join('\n'));
    }
    const times: number[] = [];
    for (let i = 0; i < (repeat ?? 5); i++) {
      const c = clock.now();
      await connector.query(sql, params as never);
      times.push(clock.now() - c);
    }
    times.sort((a, b) => a - b);
    let out = `median ${times[times.length >> 1]!.toFixed(1)} ${clock.unit} (min ${times[0]!.toFixed(1)}, all ${times.map((t) => t.toFixed(0)).join(' ')})`;
    if (check) {
      const rows = check === true ? await queryRows(connector, sql, params as never) : await queryRows(connector, check);
      const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort();
      out += `; check ${rows.length} rows, hash ${textHash(lines.join('\n'))}${rows.length <= 3 ? ` ${lines.join(' ')}` : ''}`;
    }
    return out;
  });
}

/** Write every statement `connector` runs into <dir>/base-NN.sql (its time by `clock`, its text, its values) until the returned stop. */
export function captureStatements(dir: string, connector: Connector, clock: { unit: string; now: () => number }): () => number {
  const query = connector.query.bind(connector);
  let n = 0;
  connector.query = async (sql, params) => {
    const c = clock.now();
    try {
      return await query(sql, params);
    } finally {
      writeFileSync(`${dir}/base-${String(n++).padStart(2, '0')}.sql`, `-- ${(clock.now() - c).toFixed(0)} ${clock.unit}\n${sql}\n-- params ${JSON.stringify(params ?? [])}\n`);
    }
  };
  return () => {
    connector.query = query;
    return n;
  };
}
