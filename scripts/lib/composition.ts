import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { parse as parseYaml } from 'yaml';

interface RoverConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

export interface CompositionResult {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes the subgraphs listed in a Rover-format config, reading each schema file from disk. */
export function composeFromConfig(configPath: string): CompositionResult {
  const config = parseYaml(readFileSync(configPath, 'utf8')) as RoverConfig;
  const base = dirname(resolve(configPath));
  const services = Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    typeDefs: parse(readFileSync(resolve(base, subgraph.schema.file), 'utf8')),
  }));
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => hint.toString());
  if (result.errors) return { errors: result.errors.map((error) => error.message), hints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}
