import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { postGraphQL } from '../support/http.js';

/**
 * `npm start` as a user runs it: its own Node process through tsx, not vitest's module loader,
 * which resolves imports that plain Node refuses (a CommonJS module's named exports, for one).
 * Embedded stores, demo data, the gateway on PORT and the subgraphs on the next five ports.
 */
describe('npm start', () => {
  const port = 20_000 + Math.floor(Math.random() * 4_000) * 10;
  const dataDir = mkdtempSync(join(tmpdir(), 'flowgraph-start-'));
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    // Embedded defaults: none of the real services' addresses this run may have in its environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL', 'MONGODB_URL'].includes(name)));
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-all.ts'], {
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', PGLITE_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Flowgraph supergraph is up')) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not come up in 90 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 100_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the demo credentials and serves the seeded supergraph until it is stopped', async () => {
    expect(output).toContain(demo.users.admin.email);
    expect(output).toContain(`http://127.0.0.1:${port}/`);
    const url = `http://127.0.0.1:${port}/graphql`;
    const login = await postGraphQL<{ login: { accessToken: string } }>(url, `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, {
      variables: { i: { email: demo.users.admin.email, password: demo.password } },
    });
    expect(login.body.errors).toBeUndefined();
    const me = await postGraphQL<{ me: { email: string; tenant: { name: string } }; specifications: { name: string }[] }>(url, `{ me { email tenant { name } } specifications { name } }`, {
      token: login.body.data!.login.accessToken,
    });
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data!.me).toEqual({ email: demo.users.admin.email, tenant: { name: demo.tenant.name } });
    expect(me.body.data!.specifications.length).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
