import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Work a view starts on its own after drawing (fetching children, search, details): `settled()` of
 * the view waits for it, and the host redraws when each piece ends.
 */
export class PendingWork implements ReactiveController {
  private work: Promise<unknown> = Promise.resolve();
  private open = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Some work is still running. */
  get busy(): boolean {
    return this.open > 0;
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.open++;
    const done = promise.finally(() => {
      this.open--;
      this.host.requestUpdate();
    });
    this.work = Promise.allSettled([this.work, done]);
    return done;
  }

  /** Resolves when everything tracked so far, and anything it started, has ended. */
  async settled(): Promise<void> {
    for (;;) {
      const work = this.work;
      await work;
      await this.host.updateComplete;
      if (work === this.work && !this.open) return;
    }
  }
}
