import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The key tokens are signed with, and the retired keys whose tokens must still verify. */
export interface SigningKeys {
  current: SigningKey;
  /** Published in the JWKS until every token they signed has expired. */
  previous: JWK[];
}

/** The dev key file: the current pair plus the public halves of retired keys. */
interface StoredKeys {
  privatePem: string;
  publicPem: string;
  previousPublicPems?: string[];
}

async function publicJwkOf(publicPem: string): Promise<JWK> {
  const publicJwk = await exportJWK(await importSPKI(publicPem, 'RS256', { extractable: true }));
  const kid = await calculateJwkThumbprint(publicJwk);
  return { ...publicJwk, kid, alg: 'RS256', use: 'sig' };
}

async function fromPems(stored: StoredKeys): Promise<SigningKeys> {
  const privateKey = await importPKCS8(stored.privatePem, 'RS256');
  const publicJwk = await publicJwkOf(stored.publicPem);
  const previous = await Promise.all((stored.previousPublicPems ?? []).map(publicJwkOf));
  return { current: { kid: publicJwk.kid!, privateKey, publicJwk }, previous: previous.filter((jwk) => jwk.kid !== publicJwk.kid) };
}

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

/** Several PEM public keys, concatenated as operators paste them. */
export function splitPublicPems(pems: string | undefined): string[] {
  return pems ? (pems.match(PEM_BLOCK) ?? []) : [];
}

async function newPair(): Promise<{ privatePem: string; publicPem: string }> {
  const pair = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return { privatePem: await exportPKCS8(pair.privateKey), publicPem: await exportSPKI(pair.publicKey) };
}

/**
 * Identity's signing keys. Production passes PEMs through config (the previous public keys
 * during a rotation); development generates a pair once and keeps it on disk, so tokens
 * survive restarts and `npm run identity:rotate-key` can rotate it.
 */
export async function loadSigningKeys(options: {
  privatePem?: string | undefined;
  publicPem?: string | undefined;
  previousPublicPems?: string | undefined;
  devKeyFile?: string | undefined;
}): Promise<SigningKeys> {
  if (options.privatePem && options.publicPem) {
    return fromPems({ privatePem: options.privatePem, publicPem: options.publicPem, previousPublicPems: splitPublicPems(options.previousPublicPems) });
  }
  const file = options.devKeyFile;
  if (file && existsSync(file)) return fromPems(JSON.parse(readFileSync(file, 'utf8')) as StoredKeys);
  const stored: StoredKeys = await newPair();
  if (file) writeKeyFile(file, stored);
  return fromPems(stored);
}

function writeKeyFile(file: string, stored: StoredKeys): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
}

/**
 * Rotates the dev key file: a new current pair, the old public key kept (with at most
 * `keep` retired keys) so tokens it signed verify until they expire. Returns the new kid.
 */
export async function rotateDevKeyFile(file: string, keep = 2): Promise<{ kid: string; retired: string[] }> {
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredKeys) : undefined;
  const next: StoredKeys = { ...(await newPair()), previousPublicPems: old ? [old.publicPem, ...(old.previousPublicPems ?? [])].slice(0, keep) : [] };
  writeKeyFile(file, next);
  const keys = await fromPems(next);
  return { kid: keys.current.kid, retired: keys.previous.map((jwk) => jwk.kid!) };
}
