/**
 * Per-cell cost of the normalisers on 2 million cells (not a test; CPU time, so a busy
 * machine inflates it less than wall time):
 *   pnpm exec tsx packages/core/test/normalise/throughput.ts
 */
import { inferConfidenceScale, normaliseConfidence } from '../../src/normalise/confidence.js';
import { inferDateOrder, parseDate } from '../../src/normalise/dates.js';
import { inferTable } from '../../src/normalise/infer-table.js';
import { inferDecimalSeparator, parseNumber } from '../../src/normalise/numbers.js';

const N = 2_000_000;
const column = (pick: (i: number) => string) => Array.from({ length: N }, (_, i) => pick(i));

function cpuMs<T>(f: () => T): [number, T] {
  const start = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1000, result];
}

function perCell(label: string, values: string[], f: (s: string) => object): void {
  for (let i = 0; i < 200_000; i++) f(values[i]!); // warm up
  const [ms, ok] = cpuMs(() => {
    let n = 0;
    for (const v of values) if (!('error' in f(v))) n++;
    return n;
  });
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1e6) / values.length).toFixed(0).padStart(5)} ns/cell  parsed ${ok}`);
}

const plain = column((i) => String((i % 1000) / 4));
const messy = column((i) => ['1.234,5', '45%', '€1,200', '(12)', '1 234,5'][i % 5]!);
const iso = column((i) => `2026-0${1 + (i % 9)}-1${i % 10}`);
const dmy = column((i) => `${1 + (i % 28)}/0${1 + (i % 9)}/2026`);
const named = column((i) => `${1 + (i % 28)} Jan 2026`);
const ten = column((i) => String(1 + (i % 10)));
const rag = column((i) => ['Red', 'Amber', 'Green'][i % 3]!);

perCell('parseNumber "12.25"', plain, (s) => parseNumber(s));
perCell('parseNumber "1.234,5" "45%" "€1,200"', messy, (s) => parseNumber(s));
perCell('parseDate "2026-01-08"', iso, (s) => parseDate(s));
perCell('parseDate "8/01/2026" dmy', dmy, (s) => parseDate(s, 'dmy'));
perCell('parseDate "8 Jan 2026"', named, (s) => parseDate(s));
perCell('normaliseConfidence one-to-ten', ten, (s) => normaliseConfidence(s, 'one-to-ten'));
perCell('normaliseConfidence red-amber-green', rag, (s) => normaliseConfidence(s, 'red-amber-green'));
const inferences: [string, () => unknown][] = [
  ['inferDecimalSeparator', () => inferDecimalSeparator(messy)],
  ['inferDateOrder', () => inferDateOrder(dmy)],
  ['inferConfidenceScale', () => inferConfidenceScale(ten)],
];
for (const [label, f] of inferences) {
  console.log(`${label.padEnd(34)} ${cpuMs(f)[0].toFixed(0).padStart(6)} ms for 2M values`);
}
const [ms] = cpuMs(() => {
  for (let i = 0; i < 10_000; i++) inferTable(['KR ID', 'Date', 'Value', 'Confidence', 'Comment'], 'checkins.csv');
});
console.log(`${'inferTable'.padEnd(34)} ${((ms * 1000) / 10_000).toFixed(0).padStart(6)} µs per file`);
