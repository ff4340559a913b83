/**
 * Timer arithmetic: when an item's timer starts and expires, from the task's timer (or the net
 * variable it names) and the command's time. Pure: `now` comes from the command.
 */
import type { Timer } from './model.js';
import { EngineError } from './engine-types.js';
import { variableFields } from './evaluator.js';
import { readTimerRecord, type TimerSetting } from './timer-record.js';

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

/** The instant a fixed expiry denotes: epoch milliseconds (what YAWL writes) or an ISO date-time. */
export function expiryInstant(value: string): string {
  const trimmed = value.trim();
  return new Date(/^\d+$/.test(trimmed) ? Number(trimmed) : parseInstant(trimmed)).toISOString();
}

/**
 * The task's timer setting as it stands in `netData`. A late-bound (`netParam`) timer takes its
 * trigger and expiry from the net variable's YTimerType record, read afresh each time, as YAWL
 * reads it whenever the item's status changes; a bad record is an error, not a missing timer.
 */
export function timerSetting(timer: Timer, netData: string, taskId: string): TimerSetting {
  if (timer.netParam === undefined) {
    const setting: TimerSetting = { trigger: timer.trigger };
    if (timer.duration !== undefined) setting.duration = timer.duration;
    if (timer.expiry !== undefined) setting.expiry = timer.expiry;
    return setting;
  }
  const fields = variableFields(netData, timer.netParam);
  const invalid = (why: string): EngineError =>
    new EngineError('TIMER_INVALID', `Timer of task ${taskId}: net variable ${timer.netParam} ${why}`);
  if (fields === undefined) throw invalid('is not in the net data');
  const record = readTimerRecord(fields);
  if (!record.ok) throw invalid(`does not hold a valid YTimerType value: ${record.message}`);
  return record.setting;
}

/**
 * When the task's timer expires if it starts as the item reaches `phase` (enabled or started) at
 * `now`; undefined when its trigger is the other phase.
 */
export function timerExpiryAt(timer: Timer, phase: Timer['trigger'], now: string, netData: string, taskId: string): string | undefined {
  const setting = timerSetting(timer, netData, taskId);
  if (setting.trigger !== phase) return undefined;
  if (setting.expiry !== undefined) return expiryInstant(setting.expiry);
  if (setting.duration !== undefined) return addDuration(now, setting.duration);
  throw new EngineError('INVALID_SPECIFICATION', `Timer of task ${taskId} needs a duration, an expiry or a net variable`);
}
