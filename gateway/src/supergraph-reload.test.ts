import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCache } from '@flowgraph/shared/cache/memory-cache';
import { createLogger } from '@flowgraph/shared/logger';
import { SUBGRAPHS } from '@flowgraph/shared/platform/subgraphs';
import { postGraphQL } from '../../test/support/http.js';
import { gatewayConfigFromEnv } from './config.js';
import { startGateway, type RunningGateway } from './gateway.js';

const specificationFields = `{ __type(name: "Specification") { fields { name } } }`;

async function fieldNames(url: string): Promise<string[]> {
  const result = await postGraphQL<{ __type: { fields: { name: string }[] } }>(url, specificationFields);
  return result.body.data!.__type.fields.map((f) => f.name);
}

describe('gateway supergraph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supergraph-'));
  const path = join(dir, 'supergraph.graphql');
  let gateway: RunningGateway;

  beforeAll(async () => {
    writeFileSync(path, readFileSync('schema/supergraph.graphql', 'utf8'));
    gateway = await startGateway({ ...gatewayConfigFromEnv({}), production: false, logLevel: 'silent', host: '127.0.0.1', port: 0, supergraphPath: path, watchSupergraph: true, subgraphTimeoutMs: 1000, subgraphUrls: {} }, { logger: createLogger('gateway', 'silent'), cache: new MemoryCache() });
  });
  afterAll(() => gateway.close());

  it('serves the file it is configured with and reloads it when it changes', async () => {
    expect(await fieldNames(`${gateway.url}/`)).toContain('metrics');
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);

    // An operator ships a supergraph without the analytics subgraph.
    const services = SUBGRAPHS.filter(({ name }) => name !== 'analytics').map(({ name, folder }) => ({
      name,
      url: `http://${name}:4000/graphql`,
      typeDefs: parse(readFileSync(`${folder}/schema.graphql`, 'utf8')),
    }));
    const composed = composeServices(services);
    expect(composed.errors).toBeUndefined();
    writeFileSync(path, composed.supergraphSdl!);

    await expect.poll(() => fieldNames(`${gateway.url}/`), { timeout: 5000, interval: 100 }).not.toContain('metrics');
    expect(await fieldNames(`${gateway.url}/`)).toContain('createdBy');
  });

  it('keeps serving the last good supergraph when the file becomes invalid', async () => {
    const before = await fieldNames(`${gateway.url}/`);
    writeFileSync(path, 'this is not a supergraph');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await fieldNames(`${gateway.url}/`)).toEqual(before);
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
  });
});
