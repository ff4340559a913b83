import type { Db, Logger } from '@flowgraph/shared';
import type { Specification } from '../domain/yawl/index.js';
import type { CaseService } from './case-service.js';
import { CaseStore } from './case-store.js';
import type { CaseRow } from './schema.js';

/**
 * Fires due work-item timers: finds items whose timer has passed and sends the engine
 * `timerExpired`, which skips an item not yet started and force-completes a started one.
 * Several instances may sweep at once: a lost race is a CONFLICT, and the winner's
 * transition already cleared the timer.
 */
export class TimerSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: {
      db: Db;
      cases: CaseService;
      specificationOf: (row: CaseRow) => Promise<{ id: string; model: Specification }>;
      logger: Logger;
      intervalMs?: number;
    },
  ) {}

  async sweep(now = new Date()): Promise<number> {
    const due = await new CaseStore(this.deps.db).dueTimers(now, 100);
    let fired = 0;
    for (const item of due) {
      try {
        await this.deps.cases.run({ tenantId: item.tenantId, userId: 'system' }, { workItemId: item.id }, { type: 'timerExpired', workItemId: item.id }, this.deps.specificationOf);
        fired++;
      } catch (error) {
        this.deps.logger.warn({ err: error, workItemId: item.id }, 'timer could not fire; retrying on the next sweep');
      }
    }
    return fired;
  }

  start(): void {
    const tick = () => {
      this.running = this.sweep()
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error }, 'timer sweep failed');
          return 0;
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.deps.intervalMs ?? 1000);
        });
    };
    this.timer = setTimeout(tick, this.deps.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
