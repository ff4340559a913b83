/**
 * One gateway of `npm run bench:gateway`: started pinned to its core, checked, warmed up, then
 * measured in windows. A window counts only its steady seconds: the first `rampSeconds` (the
 * closed loop filling up) and the last, partial second are left out, and the gateway's CPU time
 * is read at those seconds' boundaries (sampled every 100 ms and interpolated), so that neither
 * the ramp nor the requests still in flight when wrk stops weigh on the figures.
 */
import { join } from 'node:path';
import { coreTime, cpuSeconds, freePort, memory, startPinned, waitFor, type Pinned } from './processes.js';
import { failures, runWrk, type WrkResult } from './wrk.js';

export interface Contender {
  label: string;
  /** The entry to run with `node --import tsx`, relative to the repo. */
  script: string;
  connections: number;
  env: Record<string, string>;
}

export interface Setup {
  root: string;
  env: NodeJS.ProcessEnv;
  body: { path: string; body: string };
  detailFile: string;
  gatewayCpu: number;
  loadCpu: number;
  /** Node/V8 flags for every gateway alike. */
  nodeFlags: readonly string[];
}

export interface Window {
  /** Responses in the steady seconds, and how many seconds those were. */
  requests: number;
  seconds: number;
  /** The gateway's CPU seconds over the same steady seconds. */
  cpu: number;
  histogram: Map<number, number>;
  /** Over the whole window: CPU seconds of the subgraphs and of wrk, and each core's busy and total jiffies. */
  wallSeconds: number;
  subgraphsCpu: number;
  wrkCpu: number;
  gatewayCore: { busy: number; total: number };
  loadCore: { busy: number; total: number };
}

export interface RunningContender {
  readonly contender: Contender;
  readonly pid: number;
  /** The parsed response to the deep query, checked for data and no errors. */
  readonly response: unknown;
  readonly responseBytes: number;
  measure(seconds: number, rampSeconds: number, subgraphs: Pinned): Promise<Window>;
  memory(): { rss: number; peak: number };
  output(): string;
  stop(): Promise<void>;
}

function assertClean(label: string, phase: string, result: WrkResult): void {
  if (failures(result) === 0) return;
  const { socketErrors, timeouts, non200, withoutData, withErrors, badSample } = result;
  throw new Error(`${label} (${phase}): ${JSON.stringify({ socketErrors, timeouts, non200, withoutData, withErrors })} of ${result.requests} responses failed; first bad: ${badSample ?? '(none kept)'}`);
}

/** The value at `at` (ms) by linear interpolation between the samples around it. */
function interpolate(samples: readonly (readonly [number, number])[], at: number): number {
  const after = samples.findIndex(([time]) => time >= at);
  if (after <= 0) return samples[after === 0 ? 0 : samples.length - 1]![1];
  const [t0, v0] = samples[after - 1]!;
  const [t1, v1] = samples[after]!;
  return t1 === t0 ? v1 : v0 + ((v1 - v0) * (at - t0)) / (t1 - t0);
}

const delta = (after: { busy: number; total: number }, before: { busy: number; total: number }) => ({ busy: after.busy - before.busy, total: after.total - before.total });

/** Waits until the gateway has finished what the last window left in flight (its CPU time stops growing). */
async function drained(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last = cpuSeconds(pid);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = cpuSeconds(pid);
    if (now - last <= 0.02) return;
    last = now;
  }
}

export async function startContender(contender: Contender, setup: Setup, warmupSeconds: number): Promise<RunningContender> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const gateway = startPinned(contender.label, setup.gatewayCpu, process.execPath, [...setup.nodeFlags, '--import', 'tsx', join(setup.root, contender.script)], { ...setup.env, ...contender.env, PORT: String(port) });
  const wrk = (seconds: number) => runWrk({ url, connections: contender.connections, seconds, bodyFile: setup.body.path, detailFile: setup.detailFile, cpu: setup.loadCpu });
  try {
    const first = await waitFor(
      `${contender.label} listening`,
      90_000,
      async () => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: setup.body.body });
        return { status: response.status, text: await response.text() };
      },
      () => !gateway.exited(),
    );
    const response = JSON.parse(first.text) as { data?: unknown; errors?: unknown };
    if (first.status !== 200 || !response.data || response.errors) throw new Error(`${contender.label} answered the deep query with HTTP ${first.status}: ${first.text.slice(0, 500)}`);
    // Every field of the bench data has a value: a null means an entity fetch came back empty.
    if (/[:[,]null[,}\]]/.test(first.text)) throw new Error(`${contender.label} answered the deep query with nulls: ${first.text.slice(0, 500)}`);
    if (warmupSeconds > 0) assertClean(contender.label, 'warm-up', await wrk(warmupSeconds));
    await drained(gateway.pid);
    return {
      contender,
      pid: gateway.pid,
      response,
      responseBytes: Buffer.byteLength(first.text),
      memory: () => memory(gateway.pid),
      output: () => gateway.output(),
      stop: () => gateway.stop(),
      async measure(seconds, rampSeconds, subgraphs) {
        const samples: [number, number][] = [[Date.now(), cpuSeconds(gateway.pid)]];
        const sampler = setInterval(() => samples.push([Date.now(), cpuSeconds(gateway.pid)]), 100);
        const subgraphsBefore = cpuSeconds(subgraphs.pid);
        const [gatewayCoreBefore, loadCoreBefore] = [coreTime(setup.gatewayCpu), coreTime(setup.loadCpu)];
        const started = Date.now();
        let result: WrkResult;
        try {
          result = await wrk(seconds);
        } finally {
          clearInterval(sampler);
        }
        const ended = Date.now();
        samples.push([ended, cpuSeconds(gateway.pid)]);
        const subgraphsCpu = cpuSeconds(subgraphs.pid) - subgraphsBefore;
        const [gatewayCore, loadCore] = [delta(coreTime(setup.gatewayCpu), gatewayCoreBefore), delta(coreTime(setup.loadCpu), loadCoreBefore)];
        assertClean(contender.label, 'measured', result);
        // Whole seconds from the end of the ramp to the last second wrk saw to its end.
        const first = Math.ceil((started + rampSeconds * 1000) / 1000);
        const last = Math.floor(ended / 1000) - 1;
        if (last < first) throw new Error(`a window of ${seconds} s leaves no steady second after a ${rampSeconds} s ramp`);
        let requests = 0;
        for (let second = first; second <= last; second++) requests += result.perSecond.get(second) ?? 0;
        const cpu = interpolate(samples, (last + 1) * 1000) - interpolate(samples, first * 1000);
        await drained(gateway.pid);
        return {
          requests,
          seconds: last + 1 - first,
          cpu,
          histogram: result.histogram,
          wallSeconds: (ended - started) / 1000,
          subgraphsCpu,
          wrkCpu: result.cpuSeconds,
          gatewayCore,
          loadCore,
        };
      },
    };
  } catch (error) {
    process.stdout.write(`--- ${contender.label} output ---\n${gateway.output()}\n`);
    await gateway.stop();
    throw error;
  }
}
