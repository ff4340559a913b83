import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats.js';

export interface Bounds {
  /** Stop once this many operations were recorded... */
  count: number;
  /** ...or once this much wall time passed, whichever comes first. */
  seconds: number;
}

export interface Lane {
  /** False once the run's count or time bound is reached: the worker should stop between operations. */
  running(): boolean;
  /** Records one finished operation and its latency. */
  record(latencyMs: number): void;
}

/**
 * One worker's loop body: performs one or more operations (e.g. a case's launch and its work-item
 * completions), recording each. Called again while the run goes on. `worker` is the lane's index,
 * so a worker can keep its own data apart from the others'.
 */
export type Work = (lane: Lane, worker: number) => Promise<void>;

/**
 * Runs `concurrency` workers until the bounds are reached and returns the throughput over the
 * wall time of the whole run (so time spent between recorded operations, e.g. launching cases,
 * counts against throughput) and the recorded latencies. Any error aborts the run: a bench that
 * silently skips failures would report the speed of failing.
 */
export async function runBounded(label: string, concurrency: number, bounds: Bounds, work: Work): Promise<Summary> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + bounds.seconds * 1000;
  let failed = false;
  const lane: Lane = {
    running: () => !failed && latencies.length < bounds.count && performance.now() < deadline,
    record: (latencyMs) => {
      latencies.push(latencyMs);
    },
  };
  const worker = async (index: number) => {
    try {
      while (lane.running()) await work(lane, index);
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  return summarize(label, concurrency, latencies, performance.now() - started);
}

/** Runs `work` unrecorded first (JIT, connection pool, plan caches), then measured. */
export async function warmThenRun(label: string, concurrency: number, warmup: Bounds, bounds: Bounds, work: Work): Promise<Summary> {
  await runBounded(`${label} (warm-up)`, concurrency, warmup, work);
  return runBounded(label, concurrency, bounds, work);
}
