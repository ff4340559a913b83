/** wrk, the load generator of `npm run bench:gateway`, with deep-query.lua checking every response. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clockTicksPerSecond } from './processes.js';

const SCRIPT = fileURLToPath(new URL('./deep-query.lua', import.meta.url));

export interface WrkResult {
  requests: number;
  durationUs: number;
  socketErrors: number;
  timeouts: number;
  non200: number;
  withoutData: number;
  withErrors: number;
  /** Latency percentiles in microseconds. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The start of the first bad response, if any. */
  badSample?: string | undefined;
  /** wrk's own user + system CPU seconds, to show whether the load generator was near its core's limit. */
  cpuSeconds: number;
  /** Responses by latency in microseconds. */
  histogram: Map<number, number>;
  /** Responses by the wall-clock second (Unix time) they arrived in. */
  perSecond: Map<number, number>;
}

/** Whether any response failed: refused, timed out, not 200, without data or with errors. */
export function failures(result: WrkResult): number {
  return result.socketErrors + result.timeouts + result.non200 + result.withoutData + result.withErrors;
}

/** Installs Debian's wrk when it is missing and this is a root shell with apt-get (as in the dev containers). */
export function ensureWrk(): void {
  const has = () => spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;
  if (has()) return;
  const root = process.getuid?.() === 0;
  if (!root || spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('wrk is not installed: install the Debian package `wrk` (apt-get install wrk) and run again');
  }
  process.stdout.write('installing wrk (apt-get install wrk)…\n');
  if (spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'ignore' }).status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  }
  if (!has()) throw new Error('wrk could not be installed with apt-get');
}

export interface WrkRun {
  url: string;
  connections: number;
  seconds: number;
  bodyFile: string;
  /** Where the Lua script writes the latency histogram and the responses per second. */
  detailFile: string;
  cpu: number;
}

/** One wrk thread on `cpu`, `connections` keep-alive connections, each POSTing as soon as its last answer came. */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const wrk = ['-t', '1', '-c', String(run.connections), '-d', `${run.seconds}s`, '--timeout', '30s', '-s', SCRIPT, run.url];
  // Once the shell has reaped wrk, its own /proc stat counts wrk's CPU time (cutime, cstime).
  const shell = 'wrk "$@"; code=$?; echo "BENCH_SHELL_STAT $(cat /proc/$$/stat)"; exit $code';
  const args = ['-c', String(run.cpu), 'sh', '-c', shell, 'sh', ...wrk];
  const child = spawn('taskset', args, { env: { ...process.env, BENCH_BODY_FILE: run.bodyFile, BENCH_DETAIL_FILE: run.detailFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = /^BENCH_RESULT (\{.*\})$/m.exec(output)?.[1];
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${output}`);
  const result = JSON.parse(line) as WrkResult;
  result.badSample = /^BENCH_BAD_SAMPLE (.*)$/m.exec(output)?.[1];
  const stat = /^BENCH_SHELL_STAT (.*)$/m.exec(output)?.[1] ?? '';
  // Fields after the parenthesised command name: cutime and cstime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  result.cpuSeconds = (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond;
  result.histogram = new Map();
  result.perSecond = new Map();
  for (const line of readFileSync(run.detailFile, 'utf8').split('\n')) {
    const [kind, key, count] = line.split(' ');
    if (kind === 'latency') result.histogram.set(Number(key), Number(count));
    else if (kind === 'second') result.perSecond.set(Number(key), Number(count));
  }
  return result;
}
