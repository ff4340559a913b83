import { describe, expect, it } from 'vitest';
import { workflowsOptionsFromEnv } from './index.js';

describe('workflowsOptionsFromEnv', () => {
  it('bounds each subscription at 1,000 waiting events unless SUBSCRIPTION_MAX_PENDING_EVENTS says otherwise', () => {
    expect(workflowsOptionsFromEnv({})).toEqual({ SUBSCRIPTION_MAX_PENDING_EVENTS: 1_000 });
    expect(workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: ' ' })).toEqual({ SUBSCRIPTION_MAX_PENDING_EVENTS: 1_000 });
    expect(workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '50' })).toEqual({ SUBSCRIPTION_MAX_PENDING_EVENTS: 50 });
  });

  it('refuses a bound that is not a positive whole number, naming the variable', () => {
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '0' })).toThrow(/workflows[\s\S]*SUBSCRIPTION_MAX_PENDING_EVENTS="0" is invalid/);
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '2.5' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="2.5" is invalid/);
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: 'lots' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="lots" is invalid/);
  });
});
