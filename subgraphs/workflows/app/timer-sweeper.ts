import { withTenant, type Db, type Logger } from '@flowgraph/shared';
import type { Specification } from '@flowgraph/yawl';
import type { CaseService } from './case-service.js';
import { CaseStore, type DueTimer } from '../data/case-store.js';
import type { CaseRow } from '../data/schema.js';
import { DomainError, LostRace } from './errors.js';

/** Refused items whose backoff step is remembered; past it the oldest is forgotten and starts over. */
const REMEMBERED_REFUSALS = 10_000;

/**
 * Fires due work-item timers: finds items whose timer has passed and sends the engine
 * `timerExpired`, which skips an item not yet started and force-completes a started one.
 * Several instances may sweep at once: a lost race is a CONFLICT, and the winner's
 * transition already cleared the timer.
 *
 * A timer the engine refuses (a bad timer record of the task its firing enables, a mapping that
 * fails…) would be refused again on every sweep, and the oldest due timers come first: a batch
 * of those would keep every tenant's timers from firing. So a refused timer is deferred, with a
 * backoff doubling per refusal, by moving its `timer_expires_at` in the work-item projection.
 * That column is only the sweeper's schedule (the case state keeps the real expiry, which the
 * engine checks), so the deferral is in the database rather than in this process: every
 * instance sees it, a restart keeps it, and the number of broken timers costs no memory or
 * query size. Any transition of the item rewrites the column from the engine state, which makes
 * it due again at once, as it should be when something changed. Only the backoff step is kept
 * here, bounded; forgetting one merely restarts that timer's backoff.
 */
export class TimerSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  /** Work item id → refusals in a row. */
  private readonly refusals = new Map<string, number>();

  constructor(
    private readonly deps: {
      db: Db;
      cases: CaseService;
      specificationOf: (row: CaseRow) => Promise<{ id: string; model: Specification }>;
      logger: Logger;
      intervalMs?: number;
      /** Timers tried per sweep. */
      batchSize?: number;
      /** The first deferral of a refused timer, doubled per refusal up to `maxRetryDelayMs`. */
      retryDelayMs?: number;
      maxRetryDelayMs?: number;
    },
  ) {}

  async sweep(now = new Date()): Promise<number> {
    const due = await new CaseStore(this.deps.db).dueTimers(now, this.deps.batchSize ?? 100);
    let fired = 0;
    for (const item of due) {
      try {
        await this.deps.cases.run({ tenantId: item.tenantId, userId: 'system' }, { workItemId: item.id }, { type: 'timerExpired', workItemId: item.id }, this.deps.specificationOf);
        this.refusals.delete(item.id);
        fired++;
      } catch (error) {
        if (isRefusal(error)) await this.defer(item, error, now);
        // A lost race is no failure; anything else (the database or the cache unreachable) says
        // nothing against this timer and is tried again on the next sweep, without backoff.
        else if (!lostRace(error)) this.deps.logger.warn({ err: error, workItemId: item.id }, 'timer could not fire; retrying on the next sweep');
      }
    }
    return fired;
  }

  private async defer(item: DueTimer, error: unknown, now: Date): Promise<void> {
    const refusals = (this.refusals.get(item.id) ?? 0) + 1;
    const delay = Math.min((this.deps.retryDelayMs ?? 30_000) * 2 ** (refusals - 1), this.deps.maxRetryDelayMs ?? 3_600_000);
    const retryAt = new Date(now.getTime() + delay);
    try {
      const moved = await withTenant(this.deps.db, item.tenantId, (tx) => new CaseStore(tx).deferTimer(item.tenantId, item, retryAt));
      // Not moved: a transition rewrote the item meanwhile (another sweeper fired it), so nothing was refused for good.
      if (!moved) return;
      this.refusals.delete(item.id);
      this.refusals.set(item.id, refusals);
      if (this.refusals.size > REMEMBERED_REFUSALS) this.refusals.delete(this.refusals.keys().next().value!);
      this.deps.logger.warn({ err: error, workItemId: item.id, tenantId: item.tenantId, refusals, retryAt: retryAt.toISOString() }, 'timer could not fire; deferred');
    } catch (deferError) {
      this.deps.logger.error({ err: deferError, cause: error, workItemId: item.id }, 'timer could not fire nor be deferred; retrying on the next sweep');
    }
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

/**
 * The service refused to fire this timer (the engine, its evaluation budget, or a specification it
 * cannot run), and will again until something changes: what backs off. Errors that are not
 * domain errors come from the infrastructure (database, cache) and say nothing against the timer.
 */
function isRefusal(error: unknown): error is DomainError {
  return error instanceof DomainError && !lostRace(error);
}

/** Another sweeper's transition won the version check, or the case stopped running since the query. */
function lostRace(error: unknown): boolean {
  return error instanceof LostRace || (error instanceof DomainError && error.engineCode === 'CASE_NOT_RUNNING');
}
