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
  const { latencies, elapsedMs } = await runLanes(concurrency, bounds, work);
  return summarize(label, concurrency, latencies, elapsedMs);
}

async function runLanes(concurrency: number, bounds: Bounds, work: Work): Promise<{ latencies: number[]; elapsedMs: number }> {
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
  return { latencies, elapsedMs: performance.now() - started };
}

/**
 * Two configurations measured in alternating slices (`rounds` each, the bounds split between
 * them), so a machine whose load comes and goes weighs on both alike; each one's summary is of
 * all its slices together.
 */
export async function runInterleaved(rows: readonly { label: string; work: Work }[], concurrency: number, bounds: Bounds, rounds: number): Promise<(Summary & { cpuMsPerOp: number })[]> {
  const slice: Bounds = { count: Math.ceil(bounds.count / rounds), seconds: bounds.seconds / rounds };
  const totals = rows.map(() => ({ latencies: [] as number[], elapsedMs: 0, cpuMs: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, row] of rows.entries()) {
      const cpu = process.cpuUsage();
      const { latencies, elapsedMs } = await runLanes(concurrency, slice, row.work);
      const used = process.cpuUsage(cpu);
      totals[i]!.latencies.push(...latencies);
      totals[i]!.elapsedMs += elapsedMs;
      totals[i]!.cpuMs += (used.user + used.system) / 1000;
    }
  }
  return rows.map((row, i) => ({ ...summarize(row.label, concurrency, totals[i]!.latencies, totals[i]!.elapsedMs), cpuMsPerOp: totals[i]!.cpuMs / Math.max(1, totals[i]!.latencies.length) }));
}

/** Runs `work` unrecorded first (JIT, connection pool, plan caches), then measured. */
export async function warmThenRun(label: string, concurrency: number, warmup: Bounds, bounds: Bounds, work: Work): Promise<Summary> {
  await runBounded(`${label} (warm-up)`, concurrency, warmup, work);
  return runBounded(label, concurrency, bounds, work);
}
