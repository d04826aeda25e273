import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Connector } from '@plumb/core';

export type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Runs an element's named query when its inputs change and keeps the latest
 * answer. Runs overlap freely; only the newest one's result is kept, so a
 * slow early answer never paints over a later one.
 */
export class QueryController<T> implements ReactiveController {
  /** Runs in flight across the page, and who waits for them to end (see `QueryController.settled`). */
  private static inFlight = 0;
  private static waiting: (() => void)[] = [];

  /**
   * Resolves once no element's query is running and every element has
   * repainted: how a benchmark times "click to all views repainted".
   */
  static async settled(): Promise<void> {
    for (;;) {
      if (QueryController.inFlight > 0) await new Promise<void>((resolve) => QueryController.waiting.push(resolve));
      await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      if (QueryController.inFlight === 0) return;
    }
  }

  private static begin(): void {
    QueryController.inFlight++;
  }

  private static end(): void {
    QueryController.inFlight--;
    if (QueryController.inFlight === 0) for (const resolve of QueryController.waiting.splice(0)) resolve();
  }

  status: QueryStatus = 'idle';
  value: T | undefined;
  error: Error | undefined;
  private run = 0;
  private lastKey: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly task: (connector: Connector, signal: AbortSignal) => Promise<T>,
  ) {
    host.addController(this);
  }

  private abort: AbortController | undefined;

  /**
   * Re-run when `key` (a serialisation of the inputs) differs from the last
   * run's. A failed run is not retried with the same inputs (that would loop
   * on every render); call `invalidate()` to retry.
   */
  update(connector: Connector | undefined, key: string): void {
    if (!connector) return;
    if (key === this.lastKey) return;
    this.lastKey = key;
    void this.execute(connector);
  }

  /** Forget the last key so the next `update` runs even with the same inputs. */
  invalidate(): void {
    this.lastKey = undefined;
  }

  private async execute(connector: Connector): Promise<void> {
    const run = ++this.run;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.status = 'loading';
    this.host.requestUpdate();
    QueryController.begin();
    try {
      const value = await this.task(connector, abort.signal);
      if (run !== this.run) return;
      this.value = value;
      this.error = undefined;
      this.status = 'ready';
    } catch (error) {
      if (run !== this.run) return;
      this.error = error instanceof Error ? error : new Error(String(error));
      this.status = 'error';
    } finally {
      QueryController.end();
    }
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.run++;
  }
}
