/**
 * Timer arithmetic: when an item's timer expires, from the task's timer and the command's time.
 * Pure: `now` comes from the command.
 */
import type { Timer } from './model.js';
import { EngineError } from './engine-types.js';
import { variableText } from './evaluator.js';

const DURATION = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `start` plus an ISO-8601 duration (`P1DT2H`, `PT10M`), as an ISO date-time (UTC). */
export function addDuration(start: string, duration: string): string {
  const match = DURATION.exec(duration.trim());
  if (!match || duration.trim() === 'P' || duration.trim().endsWith('T')) {
    throw new EngineError('INVALID_SPECIFICATION', `"${duration}" is not an ISO-8601 duration`);
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part ? Number(part) : 0)) as [number, number, number, number, number, number, number];
  const date = new Date(parseInstant(start));
  // Calendar units first (months vary in length), then exact ones in milliseconds.
  date.setUTCFullYear(date.getUTCFullYear() + Math.trunc(years), date.getUTCMonth() + Math.trunc(months));
  const exact = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return new Date(date.getTime() + exact).toISOString();
}

export function parseInstant(value: string): number {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new EngineError('INVALID_SPECIFICATION', `"${value}" is not an ISO-8601 date-time`);
  return time;
}

/** When a timer started at `now` expires; a `netParam` timer reads its value from the net data. */
export function timerExpiry(timer: Timer, now: string, netData: string): string {
  if (timer.expiry) return new Date(parseInstant(timer.expiry)).toISOString();
  if (timer.duration) return addDuration(now, timer.duration);
  if (timer.netParam) {
    const value = variableText(netData, timer.netParam)?.trim();
    if (!value) throw new EngineError('INVALID_SPECIFICATION', `Timer variable ${timer.netParam} has no value`);
    return value.startsWith('P') ? addDuration(now, value) : new Date(parseInstant(value)).toISOString();
  }
  throw new EngineError('INVALID_SPECIFICATION', 'A timer needs a duration, an expiry or a net variable');
}
