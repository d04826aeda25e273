import { Float64, Int32, Utf8, makeData, makeVector, type Vector } from 'apache-arrow';

// Arrow's builders (`vectorFromArray`, `tableFromJSON`) compile their
// null-value test with `new Function`, which a page under a strict
// Content-Security-Policy (no 'unsafe-eval') refuses. These build the same
// vectors from buffers directly.

function validity(length: number, isNull: (i: number) => boolean): { bitmap: Uint8Array | null; nullCount: number } {
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (isNull(i)) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nullCount ? bitmap : null, nullCount };
}

/** `validity` for a Float64Array whose NaNs are nulls, without a call per value (forest columns of 200k rows). */
function nanValidity(values: Float64Array): { bitmap: Uint8Array | null; nullCount: number } {
  const length = values.length;
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (v !== v) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nullCount ? bitmap : null, nullCount };
}

/** A UTF-8 text vector; `null`/`undefined` are nulls. */
export function utf8Vector(values: readonly (string | null | undefined)[]): Vector<Utf8> {
  const encoder = new TextEncoder();
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  const encoded: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      const bytes = encoder.encode(v);
      encoded.push(bytes);
      total += bytes.length;
    }
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  let at = 0;
  for (const bytes of encoded) {
    data.set(bytes, at);
    at += bytes.length;
  }
  const { bitmap, nullCount } = validity(length, (i) => values[i] === null || values[i] === undefined);
  return makeVector(
    makeData({ type: new Utf8(), length, nullCount, nullBitmap: bitmap, valueOffsets: offsets, data }),
  );
}

/**
 * A float64 vector; `null`, `undefined` and `NaN` are nulls (`nanIsNull: false`: a NaN stays a value, as a
 * database's DOUBLE says). A Float64Array becomes the vector's buffer as it is, tested without a call per value
 * (columns of a few hundred thousand rows).
 */
export function float64Vector(values: Float64Array | readonly (number | null | undefined)[], options: { nanIsNull?: boolean } = {}): Vector<Float64> {
  const nanIsNull = options.nanIsNull ?? true;
  const length = values.length;
  if (values instanceof Float64Array) {
    const { bitmap, nullCount } = nanIsNull ? nanValidity(values) : { bitmap: null, nullCount: 0 };
    return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap: bitmap, data: values }));
  }
  // One pass, no call per value: answers of a server run to millions of cells.
  const data = new Float64Array(length);
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (nanIsNull && Number.isNaN(v))) nullCount++;
    else {
      data[i] = v;
      bitmap[i >> 3]! |= 1 << (i & 7);
    }
  }
  return makeVector(makeData({ type: new Float64(), length, nullCount, nullBitmap: nullCount ? bitmap : null, data }));
}

/**
 * An int32 vector of whole numbers held as doubles (NaN = null): node numbers, depths and counts, so that
 * DuckDB joins and sorts them as INTEGER without a cast per row.
 */
export function int32Vector(values: Float64Array): Vector<Int32> {
  const length = values.length;
  const data = new Int32Array(length);
  for (let i = 0; i < length; i++) data[i] = values[i]! | 0; // NaN → 0 under the null bit
  const { bitmap, nullCount } = nanValidity(values);
  return makeVector(makeData({ type: new Int32(), length, nullCount, nullBitmap: bitmap, data }));
}
