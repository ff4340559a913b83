/**
 * `npm run platform:generate` writes every file that enumerates the subgraphs from the list in
 * packages/shared/src/platform/subgraphs.ts (supergraph.yaml, package.json's workspaces, the
 * Dockerfile's stages, docker-compose.yml's services, the Kubernetes manifests); `--check` writes
 * nothing and fails when one of them differs from what the list gives.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderArtifacts } from './lib/platform-artifacts.js';

const check = process.argv.includes('--check');
const stale: string[] = [];

for (const artifact of renderArtifacts('.')) {
  const current = existsSync(artifact.path) ? readFileSync(artifact.path, 'utf8') : undefined;
  if (current === artifact.content) continue;
  stale.push(artifact.path);
  if (!check) writeFileSync(artifact.path, artifact.content);
}

if (check && stale.length > 0) {
  console.error(`Stale against the subgraph list: ${stale.join(', ')}. Run \`npm run platform:generate\` and commit the result.`);
  process.exit(1);
}
console.log(stale.length === 0 ? 'Every file generated from the subgraph list is up to date.' : `Wrote ${stale.join(', ')}.`);
if (!check && stale.includes('package.json')) console.log('package.json changed: run `npm install` to update package-lock.json.');
