/** What `npm run bench:gateway` needs before it measures: the Go subgraphs built and a supergraph of them. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

const SOURCES = fileURLToPath(new URL('./subgraphs/', import.meta.url));
/** Built binaries and the composed supergraph; gitignored. */
export const CACHE_DIR = fileURLToPath(new URL('../../.bench-cache/', import.meta.url));

/**
 * Builds the subgraphs binary once per version of its sources (go.mod, go.sum, Go files and
 * schemas hashed into its name), with modules from the Go module proxy.
 */
export function buildSubgraphs(): string {
  const files = readdirSync(SOURCES)
    .filter((f) => /\.(go|graphql|mod|sum)$/.test(f))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(SOURCES, file)));
  const binary = join(CACHE_DIR, `gateway-subgraphs-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  if (spawnSync('go', ['version'], { stdio: 'ignore' }).status !== 0) throw new Error('the Go toolchain (go 1.26+) is needed to build the bench subgraphs');
  mkdirSync(CACHE_DIR, { recursive: true });
  process.stdout.write('building the Go subgraphs (first run only)…\n');
  const build = spawnSync('go', ['build', '-trimpath', '-o', binary, '.'], { cwd: SOURCES, env: { ...process.env, GOFLAGS: '-buildvcs=false' }, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`go build failed:\n${build.stdout}${build.stderr}`);
  return binary;
}

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(join(SOURCES, `${name}.graphql`), 'utf8');
}

/** Composes the four subgraphs' SDLs (as `_service` serves them) with their bench ports; returns the file written. */
export function composeSupergraph(urls: Record<SubgraphName, string>): string {
  const result = composeServices(SUBGRAPHS.map((name) => ({ name, url: urls[name], typeDefs: parse(subgraphSdl(name)) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, 'gateway-supergraph.graphql');
  writeFileSync(path, result.supergraphSdl);
  return path;
}

/** The deep query as the JSON body every client POSTs; returns the file written. */
export function writeBody(): { path: string; body: string } {
  const query = readFileSync(fileURLToPath(new URL('./deep-query.graphql', import.meta.url)), 'utf8');
  const body = JSON.stringify({ query, operationName: 'DeepQuery' });
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, 'gateway-deep-query.json');
  writeFileSync(path, body);
  return { path, body };
}
