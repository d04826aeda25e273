/** How an answer goes on the wire when the client accepts it compressed. */
export type AnswerEncoding = 'br' | 'gzip';

/** One named query's answer as sent: its JSON text and, once made, its compressed forms (made once, sent many times). */
export interface Answer {
  text: string;
  /** UTF-8 bytes of `text`. */
  bytes: number;
  encoded: Map<AnswerEncoding, Uint8Array>;
}

/**
 * A server's answers to named queries, as sent (JSON text and its compressed forms), kept by what
 * determines them: the query, its options as run (after the caller's scope and the server's privacy
 * settings were applied, so two callers share an answer only when they would have run the very same
 * query) and the state of the data. Bounded by bytes and entries, least recently used first out.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Answer>();
  private bytes = 0;
  /** Moves on every `clear()`: an answer computed across a change is not kept. */
  generation = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string): Answer | undefined {
    const answer = this.entries.get(key);
    if (answer === undefined) return undefined;
    // Re-insert: the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, answer);
    return answer;
  }

  /**
   * Keep `answer`, whose work began at `since` (`generation` then): not when the data changed while it
   * ran (it may have read some of the old state), nor when larger than a quarter of the cache (it would
   * push out everything else).
   */
  set(key: string, answer: Answer, since: number): void {
    const size = sizeOf(answer);
    if (since !== this.generation || size > this.maxBytes / 4) return;
    this.delete(key);
    this.entries.set(key, answer);
    this.bytes += size;
    this.trim();
  }

  /** `answer` (kept under `key`, or not) was compressed as `encoding`: the bytes are kept with it and sent next time. */
  encoded(key: string, answer: Answer, encoding: AnswerEncoding, body: Uint8Array): void {
    if (answer.encoded.has(encoding)) return;
    answer.encoded.set(encoding, body);
    if (this.entries.get(key) !== answer) return;
    this.bytes += body.byteLength;
    this.trim();
  }

  /** Forget every answer (the data or a calibration session changed). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private trim(): void {
    while (this.bytes > this.maxBytes || this.entries.size > this.maxEntries) this.delete(this.entries.keys().next().value as string);
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(old);
  }
}

/** Memory an answer holds: its text (UTF-16) and the compressed forms made so far. */
function sizeOf(answer: Answer): number {
  let size = answer.text.length * 2;
  for (const body of answer.encoded.values()) size += body.byteLength;
  return size;
}
