/**
 * CPU time of one thread (an evaluation worker), read from another: what an engine command's
 * budget is charged. Node 20 has no per-thread CPU clock (`process.threadCpuUsage` came in 23),
 * and the process's CPU charges a command for every other thread's work, so on a busy instance
 * a command well inside its budget could be refused. On Linux, the kernel keeps each thread's
 * time on the CPU in nanoseconds in /proc/<pid>/task/<tid>/schedstat; the worker names its own
 * entry (`threadEntry`, run on the worker) and the pool reads it (`threadCpuClock`). Elsewhere the
 * clock falls back to the process's CPU, the upper bound used before.
 */
import { closeSync, openSync, readlinkSync, readSync } from 'node:fs';

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
