import { describe, expect, it } from 'vitest';
import { addDuration, timerExpiry } from './engine-timer.js';
import { EngineError } from './engine-types.js';

describe('timer arithmetic', () => {
  it('adds ISO-8601 durations, calendar units first', () => {
    expect(addDuration('2025-01-31T00:00:00Z', 'PT10M')).toBe('2025-01-31T00:10:00.000Z');
    expect(addDuration('2025-01-01T00:00:00Z', 'P1DT2H30M15S')).toBe('2025-01-02T02:30:15.000Z');
    expect(addDuration('2025-01-15T00:00:00Z', 'P1Y2M')).toBe('2026-03-15T00:00:00.000Z');
    expect(addDuration('2025-01-01T00:00:00Z', 'P2W')).toBe('2025-01-15T00:00:00.000Z');
    expect(() => addDuration('2025-01-01T00:00:00Z', 'P')).toThrow(EngineError);
    expect(() => addDuration('2025-01-01T00:00:00Z', '10 minutes')).toThrow(EngineError);
  });

  it('reads a timer from a net variable holding a duration or a date-time', () => {
    const now = '2025-01-01T00:00:00Z';
    expect(timerExpiry({ trigger: 'OnEnabled', netParam: 'wait' }, now, '<N><wait>PT1H</wait></N>')).toBe('2025-01-01T01:00:00.000Z');
    expect(timerExpiry({ trigger: 'OnEnabled', netParam: 'wait' }, now, '<N><wait>2025-02-01T00:00:00Z</wait></N>')).toBe('2025-02-01T00:00:00.000Z');
    expect(() => timerExpiry({ trigger: 'OnEnabled', netParam: 'wait' }, now, '<N/>')).toThrow(EngineError);
  });
});
