import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPECIFICATION_XML_LIMITS } from '@flowgraph/yawl';
import { importPolicy, workflowsOptionsFromEnv } from './index.js';

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

  it('reads the bounds on uploaded XML and the schema to validate it against', () => {
    expect(importPolicy(workflowsOptionsFromEnv({}))).toEqual({ limits: SPECIFICATION_XML_LIMITS, schema: {} });
    const xsd = join(mkdtempSync(join(tmpdir(), 'workflows-xsd-')), 'official.xsd');
    writeFileSync(xsd, '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>');
    const policy = importPolicy(
      workflowsOptionsFromEnv({ SPECIFICATION_XML_MAX_DEPTH: '12', SPECIFICATION_XML_MAX_ELEMENTS: '500', YAWL_SCHEMA_XSD: xsd, SPECIFICATION_XSD_TIMEOUT_MS: '250' }),
    );
    expect(policy.limits).toEqual({ ...SPECIFICATION_XML_LIMITS, maxDepth: 12, maxElements: 500 });
    expect(policy.schema).toEqual({ official: { xsd: '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', location: expect.stringContaining('official.xsd') }, timeoutMs: 250 });
    expect(() => workflowsOptionsFromEnv({ SPECIFICATION_XML_MAX_BYTES: '-1' })).toThrow(/SPECIFICATION_XML_MAX_BYTES="-1" is invalid/);
    expect(() => importPolicy(workflowsOptionsFromEnv({ YAWL_SCHEMA_XSD: join(tmpdir(), 'no-such-schema.xsd') }))).toThrow(/no-such-schema\.xsd/);
  });
});
