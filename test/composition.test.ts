import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '@flowgraph/shared/platform/subgraphs';
import { composeFromConfig } from '../scripts/lib/composition.js';

describe('supergraph composition', () => {
  const result = composeFromConfig('supergraph.yaml');

  it('composes every subgraph of the list without errors', () => {
    expect(result.errors).toEqual([]);
    const subgraphs = Supergraph.build(result.supergraphSdl!).subgraphs();
    expect([...subgraphs.names()].sort()).toEqual([...SUBGRAPH_NAMES].sort());
  });

  it('matches the checked-in schema/supergraph.graphql', () => {
    expect(readFileSync('schema/supergraph.graphql', 'utf8')).toBe(`${result.supergraphSdl!.trimEnd()}\n`);
  });

  it('has entity types whose fields come from several subgraphs', () => {
    const subgraphs = Supergraph.build(result.supergraphSdl!).subgraphs();
    const contributors = new Map<string, Set<string>>();
    for (const subgraph of subgraphs) {
      for (const type of subgraph.schema.objectTypes()) {
        if (!type.hasAppliedDirective('key')) continue;
        const ownFields = type.fields().filter((field) => !type.appliedDirectivesOf('key').some((key) => key.arguments().fields === field.name));
        if (ownFields.length === 0) continue;
        const set = contributors.get(type.name) ?? new Set<string>();
        set.add(subgraph.name);
        contributors.set(type.name, set);
      }
    }
    const shared = Object.fromEntries([...contributors].filter(([, names]) => names.size >= 2).map(([type, names]) => [type, [...names].sort()]));
    expect(shared).toEqual({
      User: ['ai', 'identity', 'marketplace', 'workflows'],
      Specification: ['analytics', 'marketplace', 'workflows'],
      Tenant: ['analytics', 'identity'],
    });
  });
});
