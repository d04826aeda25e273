import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Connector } from '@plumb/core';

export type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * Runs an element's named query when its inputs change and keeps the latest
 * answer. Runs overlap freely; only the newest one's result is kept, so a
 * slow early answer never paints over a later one.
 */
export class QueryController<T> implements ReactiveController {
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

  /** Re-run when `key` (a serialisation of the inputs) differs from the last run's. */
  update(connector: Connector | undefined, key: string): void {
    if (!connector) return;
    if (key === this.lastKey && this.status !== 'error') return;
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
    }
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.abort?.abort();
    this.run++;
  }
}
