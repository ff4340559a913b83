/**
 * CPU time of one thread (e.g. an evaluation worker), or of another process, read from outside it:
 * what an engine command's budget is charged, and what a test charges a server for a request.
 * Node 20 has no per-thread CPU clock (`process.threadCpuUsage` came in 23), and the process's CPU charges a command for every other thread's work, so on a busy instance
 * a command well inside its budget could be refused. On Linux, the kernel keeps each thread's
 * time on the CPU in nanoseconds in /proc/<pid>/task/<tid>/schedstat; the worker names its own
 * entry (`threadEntry`, run on the worker) and the pool reads it (`threadCpuClock`). Elsewhere the
 * clock falls back to the process's CPU, the upper bound used before.
 */
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';

/** Run on the thread to be measured: its /proc entry ("<pid>/task/<tid>"), or undefined off Linux. */
export function threadEntry(): string | undefined {
  try {
    return readlinkSync('/proc/thread-self');
  } catch {
    return undefined;
  }
}

export interface CpuClock {
  /** CPU milliseconds used so far (only differences mean anything). */
  now(): number;
  /** True when it measures the one thread, false when it falls back to the whole process. */
  readonly perThread: boolean;
  close(): void;
}

function processClock(): CpuClock {
  return {
    now: () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    },
    perThread: false,
    close: () => undefined,
  };
}

/** A clock of the thread `entry` names; the file stays open, so a reading is one pread. */
export function threadCpuClock(entry: string | undefined): CpuClock {
  if (!entry || !/^\d+\/task\/\d+$/.test(entry)) return processClock();
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${entry}/schedstat`, 'r');
  } catch {
    return processClock();
  }
  const buffer = Buffer.alloc(96);
  const fallback = processClock();
  let closed = false;
  return {
    now: () => {
      if (closed || fd === undefined) return fallback.now();
      // "<ns on cpu> <ns waiting> <timeslices>"; the file is regenerated on every read from offset 0.
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      const text = buffer.toString('latin1', 0, length);
      return Number(text.slice(0, text.indexOf(' '))) / 1e6;
    },
    perThread: true,
    close: () => {
      if (closed || fd === undefined) return;
      closed = true;
      closeSync(fd);
    },
  };
}

/**
 * CPU milliseconds used so far by every thread of another process (`pid`, e.g. a server a test
 * started): the sum of its threads' schedstat, in nanoseconds, so a refusal costing a few ms is
 * measured rather than rounded to the 10 ms ticks of /proc/<pid>/stat. Undefined off Linux.
 * A thread that ends between two readings takes its time with it; a server's threads (its event
 * loop, libuv's pool, V8's helpers) live as long as it does.
 */
export function processCpuMs(pid: number): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let nanoseconds = 0;
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'latin1');
      nanoseconds += Number(text.slice(0, text.indexOf(' ')));
    } catch {
      // The thread ended since the listing.
    }
  }
  return nanoseconds / 1e6;
}
