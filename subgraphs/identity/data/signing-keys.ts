import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function fromPem(privatePem: string, publicPem: string): Promise<SigningKey> {
  const privateKey = await importPKCS8(privatePem, 'RS256');
  const publicKey = await importSPKI(publicPem, 'RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}

/**
 * The key identity signs access tokens with. Production passes PEMs through config;
 * development generates a pair once and keeps it on disk, so tokens survive restarts.
 */
export async function loadSigningKey(options: { privatePem?: string | undefined; publicPem?: string | undefined; devKeyFile?: string | undefined }): Promise<SigningKey> {
  if (options.privatePem && options.publicPem) return fromPem(options.privatePem, options.publicPem);
  const file = options.devKeyFile;
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { privatePem: string; publicPem: string };
    return fromPem(stored.privatePem, stored.publicPem);
  }
  const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const privatePem = await exportPKCS8(pair.privateKey);
  const publicPem = await exportSPKI(pair.publicKey);
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ privatePem, publicPem }), { mode: 0o600 });
  }
  return fromPem(privatePem, publicPem);
}
