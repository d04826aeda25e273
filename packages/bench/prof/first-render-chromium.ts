// Timeline of the four views' first render in Chromium (the all-views scenario's first step), from a Chromium trace:
// when the DuckDB worker runs a statement, when the main thread works (and on what: V8's sampled JS frames), the
// stretches where one waits for the other. The sample is loaded as `pnpm bench` loads it (Parquet, after the raw floor).
// Run (under the heavy lock at 10k and above):
//   NODE_OPTIONS=--conditions=plumb-source pnpm exec tsx packages/bench/prof/first-render-chromium.ts [people]
// EACH=1 lists every message to the worker (post, worker start and length, answer handled on the main thread) and the
// JS the main thread ran after it; GAPS=<ms> lists the worker's idle stretches longer than that (default 20 ms);
// VIEWS=burndown profiles the burn-down scenario's first view instead (its own connector, as of week 7), burndown-today
// the same without as-of (today: every week of the sample's cycle, as all-views draws it), cascade+burndown the cascade's
// first view and then the burn-down scenario's, each on its own connector;
// ORDER=rating-distribution,nine-box,… puts the views (without plumb-) in that order;
// SAMPLES=0 leaves V8's sampler off (the timings without its cost); TRACE=<file> keeps the raw trace.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CANONICAL_TABLES } from '@plumb/core';
import { CHROMIUM, startPageServer } from '../src/browser.js';

const people = Number(process.argv[2] ?? 10000);
const sampling = process.env.SAMPLES !== '0';
const gapMs = Number(process.env.GAPS ?? 20);
const which = (process.env.VIEWS ?? 'all-views') as 'all-views' | 'burndown' | 'burndown-today' | 'cascade+burndown';
const order = process.env.ORDER ? process.env.ORDER.split(',') : undefined;

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  /** CPU time of the thread in the event (µs). */
  tdur?: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

const { url, server } = await startPageServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
try {
  const urls = Object.fromEntries(CANONICAL_TABLES.map((t) => [t, `/data/${people}-s1/parquet/${t}.parquet`]));
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'Plumb bench: ready');
  await page.evaluate(() => window.plumbBench.start());
  await page.evaluate(([f, u]) => window.plumbBench.loadFloor(f, u), ['parquet', urls] as const);
  const loaded = await page.evaluate(([f, u]) => window.plumbBench.loadAll(f, u), ['parquet', urls] as const);
  await page.evaluate(() => window.plumbBench.query());
  console.log(`load ${people}: ${loaded.ms.toFixed(0)} ms`);
  if (process.env.PROBE) console.log(`createSchema on the loaded data: ${(await page.evaluate(() => window.plumbBench.timeSchema(3))).map((ms) => ms.toFixed(0)).join(' / ')} ms`);
  const categories = ['toplevel', 'devtools.timeline', 'blink.user_timing', 'v8', ...(sampling ? ['disabled-by-default-v8.cpu_profiler'] : [])];
  await browser.startTracing(page, { categories });
  const run = await page.evaluate(([w, o]) => window.plumbBench.profileFirstRender(w, o), [which, order] as const);
  const buffer = await browser.stopTracing();
  if (process.env.TRACE) writeFileSync(process.env.TRACE, buffer);
  report(run, (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}

type Run = Awaited<ReturnType<Window['plumbBench']['profileFirstRender']>>;
type Span = [number, number];

function report(run: Run, events: TraceEvent[]): void {
  const mark = events.find((e) => e.name === 'plumb-t0' && e.cat.includes('blink.user_timing'));
  if (!mark) throw new Error('no plumb-t0 mark in the trace');
  const at = (ts: number) => (ts - mark.ts) / 1000; // ms since t0
  const pid = mark.pid;
  const threads = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) threads.set(e.tid, e.args?.name ?? '');
  const mainTid = [...threads].find(([, n]) => n === 'CrRendererMain')?.[0];
  const workerTid = [...threads].find(([, n]) => n.startsWith('DedicatedWorker'))?.[0];
  if (mainTid === undefined || workerTid === undefined) throw new Error(`threads: ${[...threads.values()].join(', ')}`);
  const tasks = (tid: number): Span[] => union(events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'))
    .map((e) => [at(e.ts), at(e.ts + (e.dur ?? 0))] as Span)
    .filter(([s, f]) => f > 0 && s < run.total));
  const main = clip(tasks(mainTid), run.total);
  const work = clip(tasks(workerTid), run.total);
  const dispatches = events
    .filter((e) => e.pid === pid && e.tid === workerTid && e.ph === 'X' && e.name === 'FunctionCall' && e.args?.data?.functionName === 'globalThis.onmessage')
    .map((e) => [at(e.ts), at(e.ts + (e.dur ?? 0)), (e.tdur ?? 0) / 1000] as [number, number, number])
    .filter(([, f]) => f > 0)
    .sort((a, b) => a[0] - b[0]);
  const samples = sampling ? profileSamples(events, pid, mainTid, at) : [];

  // CPU time of each of the renderer's threads within the render (top-level tasks' thread time): what competes for the 2 cores.
  const cpu = new Map<string, number>();
  for (const e of events) {
    if (e.pid !== pid || e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || e.tdur === undefined) continue;
    const s = at(e.ts);
    if (s < 0 || s > run.total) continue;
    const name = threads.get(e.tid) ?? String(e.tid);
    cpu.set(name, (cpu.get(name) ?? 0) + e.tdur / 1000);
  }
  const len = (spans: Span[]) => spans.reduce((a, [s, f]) => a + f - s, 0);
  const both = intersect(main, work);
  console.log(`\nfirst render (${which}): ${run.total.toFixed(0)} ms; drawn: ${Object.entries(run.drawn).map(([v, t]) => `${v.replace('plumb-', '')} ${t.toFixed(0)}`).join(', ')}`);
  console.log(`renderer threads' CPU (ms): ${[...cpu].sort((a, b) => b[1] - a[1]).map(([n, v]) => `${n} ${v.toFixed(0)}`).join(', ')}`);
  console.log(`builds (own ms): ${run.builds.map((b) => `${b.query} ${b.ms.toFixed(0)}`).join(', ')}`);
  console.log(`worker busy ${len(work).toFixed(0)} ms, main busy ${len(main).toFixed(0)} ms, both at once ${len(both).toFixed(0)} ms;`
    + ` worker idle while main busy ${(len(main) - len(both)).toFixed(0)} ms, main idle while worker busy ${(len(work) - len(both)).toFixed(0)} ms,`
    + ` both idle ${(run.total - len(union([...main, ...work]))).toFixed(0)} ms`);

  // Each message to the worker: posted, run in the worker (its dispatch, in order), answer handled on the main thread.
  let next = 0;
  const rows = run.posts.map((p) => {
    while (next < dispatches.length && dispatches[next]![0] < p.t - 0.5) next++;
    const d = dispatches[next++];
    const answered = run.answers.find((a) => a.id === p.id)?.t ?? NaN;
    return { ...p, start: d?.[0] ?? NaN, end: d?.[1] ?? NaN, cpu: d?.[2] ?? NaN, answered };
  });
  // What the main thread ran from each answer until the worker got its next message (the JS between statements).
  const byPhase = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const nextPost = rows[i + 1]?.t ?? run.total;
    const from = r.end;
    const mainBetween = len(intersect(main, [[from, Math.max(from, nextPost)]]));
    const phase = phaseOf(r.sql);
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + (r.end - r.start));
    if (process.env.EACH) {
      console.log(`${r.t.toFixed(0).padStart(6)} post ${r.type.padEnd(14)} worker ${r.start.toFixed(0).padStart(6)}+${(r.end - r.start).toFixed(0).padStart(5)} (cpu ${r.cpu.toFixed(0).padStart(5)})  answered ${r.answered.toFixed(0).padStart(6)}  next post +${(nextPost - r.end).toFixed(0).padStart(4)} (main busy ${mainBetween.toFixed(0)})  ${r.sql.slice(0, 110)}`);
      if (samples.length && nextPost - r.end > gapMs) console.log(`         main JS: ${topFrames(samples, r.end, nextPost, 5)}`);
    }
  }
  console.log(`worker time by statement kind: ${[...byPhase].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  // The worker's idle stretches within the render, and what the main thread did in them.
  const idle = complement(work, run.total).filter(([s, f]) => f - s >= gapMs);
  console.log(`\nworker idle ≥ ${gapMs} ms: ${idle.length} stretches, ${len(idle).toFixed(0)} ms (main busy in them ${len(intersect(main, idle)).toFixed(0)} ms)`);
  for (const [s, f] of idle) {
    const before = [...rows].reverse().find((r) => r.end <= s + 0.5);
    console.log(`  ${s.toFixed(0).padStart(6)}–${f.toFixed(0).padStart(6)} (${(f - s).toFixed(0)} ms, main busy ${len(intersect(main, [[s, f]])).toFixed(0)}) after: ${before?.sql.slice(0, 90) ?? '—'}`);
    if (samples.length) console.log(`           ${topFrames(samples, s, f, 6)}`);
  }
  if (samples.length) {
    console.log(`\nmain thread's JS over the whole render (self ms, sampled): ${topFrames(samples, 0, run.total, 25)}`);
  }
}

/** A statement's kind for the per-kind sum: the table it creates (without version and size parts), else its first words. */
function phaseOf(sql: string): string {
  const text = sql.replace(/^\d+ /, '');
  const created = /^CREATE (?:OR REPLACE )?(?:TEMP(?:ORARY)? )?TABLE (?:IF NOT EXISTS )?"?([A-Za-z0-9_]+)/i.exec(text);
  if (created) return created[1]!.replace(/_(?:s?\d+|k\d+|[a-z0-9]{8})(?=_|$)/g, '');
  return text.slice(0, 30);
}

interface Sample { t: number; frames: string[] }

/** V8's samples of one thread: at each, the stack's frames (innermost first) as "function file:line". */
function profileSamples(events: TraceEvent[], pid: number, tid: number, at: (ts: number) => number): Sample[] {
  const out: Sample[] = [];
  const profiles = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'Profile');
  for (const profile of profiles) {
    const nodes = new Map<number, { frame: string; parent?: number }>();
    let time = (profile.args?.data?.startTime as number) ?? 0;
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id && e.pid === pid)) {
      const data = chunk.args?.data as { cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[] }; timeDeltas?: number[] };
      for (const n of data.cpuProfile?.nodes ?? []) {
        const file = (n.callFrame.url ?? "").replace(/^.*\//, '').replace(/\?.*$/, '');
        nodes.set(n.id, { frame: `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${n.callFrame.lineNumber + 1}` : ''}`, ...(n.parent !== undefined ? { parent: n.parent } : {}) });
      }
      const ids = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      for (let i = 0; i < ids.length; i++) {
        time += deltas[i] ?? 0;
        const frames: string[] = [];
        for (let n: number | undefined = ids[i]; n !== undefined && frames.length < 40; n = nodes.get(n)?.parent) {
          const node = nodes.get(n);
          if (!node) break;
          frames.push(node.frame);
        }
        out.push({ t: at(time), frames });
      }
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/** The functions the samples in [from, to) spent most time in: self time of the innermost frame that is ours (else V8's). */
function topFrames(samples: Sample[], from: number, to: number, n: number): string {
  const inRange = samples.filter((s) => s.t >= from && s.t < to);
  const self = new Map<string, number>();
  for (let i = 0; i < inRange.length; i++) {
    const s = inRange[i]!;
    const dt = Math.min(5, (inRange[i + 1]?.t ?? to) - s.t);
    const top = s.frames[0] ?? '?';
    if (top.startsWith('(idle)') || top.startsWith('(program)')) continue;
    const ours = s.frames.find((f) => / [a-z-]+\.ts:/.test(f) && !/lit|arrow/.test(f)) ?? '';
    const key = ours && ours !== top ? `${top} ← ${ours}` : top;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' | ');
}

function union(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Span[] = [];
  for (const [s, f] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], f);
    else out.push([s, f]);
  }
  return out;
}
function clip(spans: Span[], total: number): Span[] {
  return spans.map(([s, f]) => [Math.max(0, s), Math.min(total, f)] as Span).filter(([s, f]) => f > s);
}
function intersect(a: Span[], b: Span[]): Span[] {
  const out: Span[] = [];
  for (const [s1, f1] of a) for (const [s2, f2] of b) {
    const s = Math.max(s1, s2);
    const f = Math.min(f1, f2);
    if (f > s) out.push([s, f]);
  }
  return union(out);
}
function complement(spans: Span[], total: number): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const [s, f] of union(spans)) {
    if (s > at) out.push([at, s]);
    at = Math.max(at, f);
  }
  if (at < total) out.push([at, total]);
  return out;
}
