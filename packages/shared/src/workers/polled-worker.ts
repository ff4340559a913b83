import type { Logger } from '../logger.js';

export interface PolledWorkerOptions {
  /** One pass over whatever is due; a rejection is logged and the loop goes on. */
  pass: () => Promise<unknown>;
  /** How long after a pass the next one runs unless `notify` asks sooner. */
  intervalMs: number;
  logger: Logger;
  /** Logged with the error of a failed pass. */
  failureMessage: string;
}

/**
 * The loop of a worker that polls for due work and can be woken: passes never overlap (a pass
 * that is running when `notify` comes is followed by exactly one more at once, since it may have
 * read before whatever the notifier committed), the interval is a fallback for notifies that never
 * came (another process wrote the work), and `stop` waits for the running pass so nothing is cut
 * off half-way. A failed pass is logged and the next runs after the interval as usual.
 */
export class PolledWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** A notify came during the current pass. */
  private again = false;

  constructor(private readonly options: PolledWorkerOptions) {}

  /** Starts the loop with a pass right away; starting a started worker does nothing. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass now, or right after the running one; ignored once stopped. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops the loop; resolves once the pass running meanwhile, if any, has settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.again = false;
      // Promise.resolve().then: a pass that throws synchronously is a failed pass too, not a crash of the timer.
      this.running = Promise.resolve()
        .then(this.options.pass)
        .then(
          () => undefined,
          (error: unknown) => this.options.logger.error({ err: error }, this.options.failureMessage),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.again ? 0 : this.options.intervalMs);
        });
    }, delay);
  }
}
