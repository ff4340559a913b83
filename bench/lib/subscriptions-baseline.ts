import type { BareFanoutServer } from './bare-fanout.js';
import type { BareOpened, BareStatus, ParentMessage } from './subscriptions-clients.js';

export type Ask = <T>(message: ParentMessage, kind: string) => Promise<T>;

export interface BaselineRow {
  subscribers: number;
  rate: number;
  expected: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU per delivered frame: the writing process (srv) and the subscribers' (cli), µs. */
  platformCpuUs: number;
  clientCpuUs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bare fan-out (bare-fanout.ts) to `count` sockets at each rate, for `seconds` each, with the
 * same cut-off rule as the real measurement: frames not in within `drainSeconds` of the last send
 * are not counted. The sockets are closed afterwards, so the two measurements never share descriptors.
 */
export async function measureBaseline(
  ask: Ask,
  server: BareFanoutServer,
  options: { count: number; rates: readonly number[]; seconds: number; drainSeconds: number; batch: number },
): Promise<{ rows: BaselineRow[]; failed: number; firstError: string | undefined }> {
  const opened = await ask<BareOpened>({ cmd: 'bareOpen', url: server.url, count: options.count, batch: options.batch }, 'bareOpened');
  const rows: BaselineRow[] = [];
  try {
    // The server counts a socket once its upgrade is done, which can trail the client's `open`.
    for (let waited = 0; server.connections < opened.opened && waited < 10_000; waited += 50) await sleep(50);
    const n = server.connections;
    for (const rate of options.rates) {
      await ask({ cmd: 'bareReset' }, 'bareReset');
      const frames = Math.round(rate * options.seconds);
      const expected = frames * n;
      const clientBefore = (await ask<BareStatus>({ cmd: 'bareReport' }, 'bareReport')).cpuMs;
      const cpuBefore = process.cpuUsage();
      const started = Date.now();
      for (let i = 0; i < frames; i++) {
        const wait = started + (i * 1000) / rate - Date.now();
        if (wait > 0) await sleep(wait);
        server.broadcast();
      }
      const cutoffAt = Date.now() + options.drainSeconds * 1000;
      while (Date.now() < cutoffAt && (await ask<{ delivered: number }>({ cmd: 'bareCount' }, 'bareCount')).delivered < expected) await sleep(100);
      const cpu = process.cpuUsage(cpuBefore);
      const report = await ask<BareStatus>({ cmd: 'bareReport' }, 'bareReport');
      const delivered = Math.max(1, report.delivered);
      rows.push({
        subscribers: n,
        rate,
        expected,
        delivered: report.delivered,
        p50: report.p50,
        p99: report.p99,
        max: report.max,
        platformCpuUs: (cpu.user + cpu.system) / delivered,
        clientCpuUs: ((report.cpuMs - clientBefore) * 1000) / delivered,
      });
    }
  } finally {
    await ask({ cmd: 'bareClose' }, 'bareClosed');
  }
  return { rows, failed: opened.failed, firstError: opened.firstError };
}

/** The baseline's rows as the bench prints them. */
export function baselineTable(rows: readonly BaselineRow[]): string[] {
  const headers = ['sockets', 'rate/s', 'expected', 'delivered', '%', 'p50 ms', 'p99 ms', 'max ms', 'cpu µs/frame srv', 'cli'];
  const cells = rows.map((r) => [
    String(r.subscribers),
    String(r.rate),
    r.expected.toLocaleString('en-US'),
    r.delivered.toLocaleString('en-US'),
    ((r.delivered / Math.max(1, r.expected)) * 100).toFixed(2),
    String(r.p50),
    String(r.p99),
    String(r.max),
    r.platformCpuUs.toFixed(1),
    r.clientCpuUs.toFixed(1),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padStart(widths[i]!)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}
