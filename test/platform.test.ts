import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY, SUBGRAPHS, SUBGRAPH_NAMES } from '@flowgraph/shared/platform/subgraphs';
import { renderArtifacts, workspaceFolders } from '../scripts/lib/platform-artifacts.js';
import { subgraphModules } from '../scripts/lib/subgraph-modules.js';
import { TEST_IDENTITY } from './support/e2e.js';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('the subgraph list (packages/shared/src/platform/subgraphs.ts)', () => {
  it('names each subgraph, port and package once, the ports after the gateway’s', () => {
    for (const key of ['name', 'port', 'package', 'folder'] as const) {
      const values = SUBGRAPHS.map((subgraph) => subgraph[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
    expect(SUBGRAPHS.every((subgraph) => subgraph.port > GATEWAY.port)).toBe(true);
  });

  it('puts the one token issuer first: every launcher hands its key set to those after it', () => {
    expect(SUBGRAPHS.filter((subgraph) => 'issuesTokens' in subgraph).map((subgraph) => subgraph.name)).toEqual([SUBGRAPHS[0].name]);
  });

  it('matches each folder: package name, schema, entry point, and the module’s name and default port', () => {
    for (const subgraph of SUBGRAPHS) {
      expect(readJson<{ name: string }>(`${subgraph.folder}/package.json`).name, subgraph.folder).toBe(subgraph.package);
      expect(existsSync(`${subgraph.folder}/schema.graphql`), `${subgraph.folder}/schema.graphql`).toBe(true);
      expect(existsSync(`${subgraph.folder}/server.ts`), `${subgraph.folder}/server.ts`).toBe(true);
      const module = subgraphModules[subgraph.name]({ identity: TEST_IDENTITY });
      expect({ name: module.name, defaultPort: module.defaultPort }).toEqual({ name: subgraph.name, defaultPort: subgraph.port });
    }
  });

  it('leaves no folder under subgraphs/ out', () => {
    const folders = readdirSync('subgraphs', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(`subgraphs/${entry.name}/schema.graphql`))
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual([...SUBGRAPH_NAMES].sort());
  });

  it('is what the root workspaces list', () => {
    expect(readJson<{ workspaces: string[] }>('package.json').workspaces).toEqual(workspaceFolders('.'));
  });

  // The same comparison as `npm run platform:generate -- --check` in CI.
  it('has generated every file that enumerates the subgraphs (npm run platform:generate)', () => {
    for (const artifact of renderArtifacts('.')) {
      expect(readFileSync(artifact.path, 'utf8'), `${artifact.path} is stale: run npm run platform:generate`).toBe(artifact.content);
    }
  });
});
