import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import type { ServiceVariable } from './support/services.js';

/**
 * Brings up (or reuses) the real services the contract and integration suites need, and
 * hands their addresses to the tests. A service that cannot be started fails the run.
 */
export default function setup(project: TestProject): void {
  execFileSync('bash', ['services/services.sh', 'up'], { stdio: 'inherit' });
  const exports = execFileSync('bash', ['services/services.sh', 'env'], { encoding: 'utf8' });
  const services: Partial<Record<ServiceVariable, string>> = {};
  for (const line of exports.split('\n')) {
    const match = /^export (\w+)='([^']*)'$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) services[match[1] as ServiceVariable] = match[2];
  }
  project.provide('services', services);
}
