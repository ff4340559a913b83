/**
 * YAWL's `YTimerType` value, the record a late-bound timer (`<timer><netparam>v</netparam></timer>`)
 * takes its setting from: `<v><trigger>OnEnabled</trigger><expiry>P3D</expiry></v>`, with an
 * optional `<workdays>`. Read the way YAWL's YTimerParameters.parseYTimerType reads it: an expiry
 * starting with "P" is an xs:duration counted from when the trigger fires; anything else is an
 * xs:dateTime or, failing that, epoch milliseconds.
 *
 * Shared by the engine (reading the variable at run time) and the verifier (checking an initial
 * value statically), so it reports problems as values rather than throwing either side's errors.
 */
import type { Timer } from './model.js';
import { isIsoDateTime, isIsoDuration } from './xsd-types.js';

export const TIMER_RECORD_TYPE = 'YTimerType';

/** A timer's effective setting: when it starts, and either a duration from then or a fixed expiry. */
export interface TimerSetting {
  trigger: Timer['trigger'];
  /** An ISO-8601 duration, counted from the trigger. */
  duration?: string;
  /** An ISO date-time or epoch milliseconds. */
  expiry?: string;
}

export type TimerRecordResult = { ok: true; setting: TimerSetting } | { ok: false; message: string };

/** `fields`: the record's child elements, name → text. */
export function readTimerRecord(fields: ReadonlyMap<string, string>): TimerRecordResult {
  const fail = (message: string): TimerRecordResult => ({ ok: false, message });
  const trigger = fields.get('trigger')?.trim();
  if (trigger === undefined || trigger === '') return fail('it has no <trigger>');
  if (trigger !== 'OnEnabled' && trigger !== 'OnExecuting') return fail(`trigger "${trigger}" is neither OnEnabled nor OnExecuting`);
  const expiry = fields.get('expiry')?.trim();
  if (expiry === undefined || expiry === '') return fail('it has no <expiry>');
  const workdays = fields.get('workdays')?.trim();
  // YAWL would stretch the timer over working days only (its holiday calendar); counting calendar
  // time instead would fire at the wrong moment, so it is refused rather than approximated.
  if (workdays === 'true' || workdays === '1') return fail('work-day timers (<workdays>true</workdays>) are not supported');
  if (workdays !== undefined && workdays !== 'false' && workdays !== '0') return fail(`workdays "${workdays}" is not a boolean`);
  if (expiry.startsWith('P')) {
    return isIsoDuration(expiry) ? { ok: true, setting: { trigger, duration: expiry } } : fail(`expiry "${expiry}" is not an xs:duration`);
  }
  if (isIsoDateTime(expiry) || /^\d+$/.test(expiry)) return { ok: true, setting: { trigger, expiry } };
  return fail(`expiry "${expiry}" is neither an xs:duration, an xs:dateTime nor epoch milliseconds`);
}
