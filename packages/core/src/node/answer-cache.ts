/**
 * A server's answers to named queries, as sent (JSON text), kept by what determines them: the query, its
 * options as run (after the caller's scope and the server's privacy settings were applied, so two callers
 * share an answer only when they would have run the very same query) and the state of the data. Bounded
 * by bytes and entries, least recently used first out.
 */
export class AnswerCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;
  /** Moves on every `clear()`: an answer computed across a change is not kept. */
  generation = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string): string | undefined {
    const text = this.entries.get(key);
    if (text === undefined) return undefined;
    // Re-insert: the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, text);
    return text;
  }

  /**
   * Keep `text`, an answer whose work began at `since` (`generation` then): not when the data changed
   * while it ran (it may have read some of the old state), nor when larger than a quarter of the cache
   * (it would push out everything else).
   */
  set(key: string, text: string, since: number): void {
    const size = text.length * 2; // UTF-16 in memory
    if (since !== this.generation || size > this.maxBytes / 4) return;
    this.delete(key);
    this.entries.set(key, text);
    this.bytes += size;
    while (this.bytes > this.maxBytes || this.entries.size > this.maxEntries) this.delete(this.entries.keys().next().value as string);
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

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.length * 2;
  }
}
