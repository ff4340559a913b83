import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { demo } from '@flowgraph/shared';
import { startHarness, type Harness } from '../../../test/support/subgraph-harness.js';
import type { Context } from '../context.js';
import { identitySubgraph } from '../index.js';
import { loadSigningKeys, rotateDevKeyFile } from './signing-keys.js';

/** A token signed with whatever key the dev file holds right now. */
async function tokenFromKeyFile(file: string): Promise<{ token: string; kid: string }> {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { privatePem: string; publicPem: string };
  const kid = await calculateJwkThumbprint(await exportJWK(await importSPKI(stored.publicPem, 'RS256', { extractable: true })));
  const token = await new SignJWT({ tenant: demo.tenant.id, roles: ['user'] })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(demo.users.user.id)
    .setJti(crypto.randomUUID())
    .setIssuer('test')
    .setAudience('test')
    .setExpirationTime('10m')
    .sign(await importPKCS8(stored.privatePem, 'RS256'));
  return { token, kid };
}

describe('signing key rotation', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'identity-signing-key.json');
  let h: Harness<Context> | undefined;
  afterAll(() => h?.close());

  it('keeps the previous keys published and verifying after a rotation, up to the configured number', async () => {
    await loadSigningKeys({ devKeyFile: file });
    const beforeRotation = await tokenFromKeyFile(file);
    const first = await rotateDevKeyFile(file);
    expect(first.retired).toEqual([beforeRotation.kid]);
    const afterFirst = await tokenFromKeyFile(file);
    const second = await rotateDevKeyFile(file);
    expect(second.retired).toEqual([first.kid, beforeRotation.kid]);
    const third = await rotateDevKeyFile(file);
    expect(third.retired).toEqual([second.kid, first.kid]);

    h = await startHarness(identitySubgraph({ JWT_ISSUER: 'test', JWT_AUDIENCE: 'test', JWT_DEV_KEY_FILE: file }));
    const current = await tokenFromKeyFile(file);
    await expect(h.built.verifyToken!(current.token)).resolves.toMatchObject({ userId: demo.users.user.id });
    // A token from two rotations ago is still within the kept window …
    const published = await loadSigningKeys({ devKeyFile: file });
    expect([published.current.kid, ...published.previous.map((k) => k.kid)]).toEqual([third.kid, second.kid, first.kid]);
    await expect(h.built.verifyToken!(afterFirst.token)).resolves.toMatchObject({ userId: demo.users.user.id });
    // … but one from before the first rotation has aged out and is refused.
    await expect(h.built.verifyToken!(beforeRotation.token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('serves every published key in the JWKS', async () => {
    const keys = await loadSigningKeys({ devKeyFile: file });
    const res = { headers: {} as Record<string, string>, body: '', writeHead(_s: number, h: Record<string, string>) { this.headers = h; }, end(b: string) { this.body = b; } };
    await h!.built.routes!['/.well-known/jwks.json']!({} as never, res as never);
    const served = (JSON.parse(res.body) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(served).toEqual([keys.current.kid, ...keys.previous.map((k) => k.kid)]);
  });
});
