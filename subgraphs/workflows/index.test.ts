import { describe, expect, it } from 'vitest';
import { workflowsOptionsFromEnv } from './index.js';

describe('workflowsOptionsFromEnv', () => {
  it('bounds each subscription at 1,000 waiting events unless SUBSCRIPTION_MAX_PENDING_EVENTS says otherwise', () => {
    expect(workflowsOptionsFromEnv({})).toEqual({ SUBSCRIPTION_MAX_PENDING_EVENTS: 1_000, YAWL_EVALUATION_BUDGET_MS: 50, YAWL_EVALUATION_MEMORY_MB: 256 });
    expect(workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: ' ' })).toMatchObject({ SUBSCRIPTION_MAX_PENDING_EVENTS: 1_000 });
    expect(workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '50' })).toMatchObject({ SUBSCRIPTION_MAX_PENDING_EVENTS: 50 });
  });

  it('refuses a bound that is not a positive whole number, naming the variable', () => {
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '0' })).toThrow(/workflows[\s\S]*SUBSCRIPTION_MAX_PENDING_EVENTS="0" is invalid/);
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: '2.5' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="2.5" is invalid/);
    expect(() => workflowsOptionsFromEnv({ SUBSCRIPTION_MAX_PENDING_EVENTS: 'lots' })).toThrow(/SUBSCRIPTION_MAX_PENDING_EVENTS="lots" is invalid/);
  });

  it('evaluates each engine command within YAWL_EVALUATION_BUDGET_MS and YAWL_EVALUATION_MEMORY_MB, refusing nonsense', () => {
    expect(workflowsOptionsFromEnv({ YAWL_EVALUATION_BUDGET_MS: '20', YAWL_EVALUATION_MEMORY_MB: '128', YAWL_EVALUATION_WORKERS: '3' })).toMatchObject({ YAWL_EVALUATION_BUDGET_MS: 20, YAWL_EVALUATION_MEMORY_MB: 128, YAWL_EVALUATION_WORKERS: 3 });
    expect(() => workflowsOptionsFromEnv({ YAWL_EVALUATION_BUDGET_MS: '0' })).toThrow(/YAWL_EVALUATION_BUDGET_MS="0" is invalid/);
    expect(() => workflowsOptionsFromEnv({ YAWL_EVALUATION_MEMORY_MB: 'lots' })).toThrow(/YAWL_EVALUATION_MEMORY_MB="lots" is invalid/);
  });
});
