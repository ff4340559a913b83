import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PolledWorker } from './polled-worker.js';

const INTERVAL = 60_000;

/** A pass the test finishes when it wants, counting calls and how many ran at once. */
function controlledPasses() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let active = 0;
  const state = { calls: 0, maxConcurrent: 0 };
  const pass = () => {
    state.calls++;
    active++;
    state.maxConcurrent = Math.max(state.maxConcurrent, active);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject })).finally(() => active--);
  };
  return { pass, state, finish: () => pending.shift()!.resolve(), fail: (error: Error) => pending.shift()!.reject(error) };
}

function capturingLogger() {
  const lines: Array<{ msg: string; err?: { message: string } }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level: 'error' }, stream), lines };
}

// Fake timers: the loop's schedule is what is under test, so time moves only when the test says.
describe('PolledWorker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs a pass at start, then one per interval', async () => {
    const passes = controlledPasses();
    const worker = new PolledWorker({ pass: passes.pass, intervalMs: INTERVAL, logger: capturingLogger().logger, failureMessage: 'failed' });
    worker.start();
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.state.calls).toBe(1);
    passes.finish();
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(passes.state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(passes.state.calls).toBe(2);
    passes.finish();
    await worker.stop();
  });

  it('answers notifies during a pass with exactly one more pass, never two at once', async () => {
    const passes = controlledPasses();
    const worker = new PolledWorker({ pass: passes.pass, intervalMs: INTERVAL, logger: capturingLogger().logger, failureMessage: 'failed' });
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    worker.notify();
    worker.notify();
    worker.notify();
    await vi.advanceTimersByTimeAsync(INTERVAL * 2);
    expect(passes.state.calls).toBe(1);
    passes.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.state.calls).toBe(2);
    passes.finish();
    // Only the interval brings the next: the three notifies were all answered by pass 2.
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(passes.state.calls).toBe(2);
    expect(passes.state.maxConcurrent).toBe(1);
    // An idle worker's notify runs a pass at once instead of waiting out the interval.
    worker.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.state.calls).toBe(3);
    passes.finish();
    await worker.stop();
  });

  it('stop waits for the running pass and no pass follows, notified or not', async () => {
    const passes = controlledPasses();
    const worker = new PolledWorker({ pass: passes.pass, intervalMs: INTERVAL, logger: capturingLogger().logger, failureMessage: 'failed' });
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    worker.notify();
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(stopped).toBe(false);
    passes.finish();
    await stopping;
    worker.notify();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(passes.state.calls).toBe(1);
  });

  it('logs a failed pass, thrown or rejected, and keeps polling', async () => {
    const { logger, lines } = capturingLogger();
    let calls = 0;
    const worker = new PolledWorker({
      pass: () => {
        calls++;
        if (calls === 1) throw new Error('thrown at once');
        if (calls === 2) return Promise.reject(new Error('rejected later'));
        return Promise.resolve();
      },
      intervalMs: INTERVAL,
      logger,
      failureMessage: 'worker pass failed; retrying',
    });
    worker.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(calls).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(calls).toBe(3);
    expect(lines.map((line) => [line.msg, line.err?.message])).toEqual([
      ['worker pass failed; retrying', 'thrown at once'],
      ['worker pass failed; retrying', 'rejected later'],
    ]);
    await worker.stop();
  });
});
