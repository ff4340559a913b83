import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/**
 * A one-subgraph supergraph for gateway tests: every field's resolver counts its executions and then
 * waits on a gate the test opens (unless its tag is `instant`), so a test can see how many executions
 * reached the subgraph while all its requests are in flight, without timing anything. Answers name
 * the caller the subgraph saw; the tag `refuse` answers FORBIDDEN.
 */
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { reading(tag: String, options: ReadingOptions): Reading! }
  type Mutation { touch(tag: String): Reading! }
  input ReadingOptions { a: Int, b: Int }
  type Reading { caller: String!, execution: Int!, tag: String }
`;

export const ISSUER = 'gated-subgraph-test';
export const AUDIENCE = 'flowgraph';

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function closedGate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface GatedSubgraph {
  /** The supergraph file to start a gateway with; the subgraph's URL is in it. */
  supergraphPath: string;
  jwksUrl: string;
  /** Executions of `reading` and `touch` so far. */
  executions(): number;
  /** Lets every execution waiting, and any later one until `hold()`, answer. */
  open(): void;
  /** Holds the executions that start from now on until `open()`. */
  hold(): void;
  /** A token the gateway accepts, for `user` of `tenant`. */
  token(user: string, tenant: string): Promise<string>;
  close(): Promise<void>;
}

interface Context {
  authorization?: string | undefined;
}

/** `tenant/user` from the bearer token the gateway forwarded (the gateway verified it), or `anonymous`. */
function callerOf(context: unknown): string {
  const { authorization } = context as Context;
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) return 'anonymous';
  const claims = decodeJwt(token);
  return `${String(claims.tenant)}/${String(claims.sub)}`;
}

export async function startGatedSubgraph(): Promise<GatedSubgraph> {
  let count = 0;
  let gate = closedGate();
  const resolve = async (_: unknown, args: { tag?: string | null }, context: unknown) => {
    count += 1;
    const execution = count;
    if (args.tag !== 'instant') await gate.promise;
    if (args.tag === 'refuse') throw new GraphQLError('Not for you', { extensions: { code: 'FORBIDDEN' } });
    return { caller: callerOf(context), execution, tag: args.tag ?? null };
  };
  const apollo = new ApolloServer<Context>({
    schema: buildSubgraphSchema({ typeDefs: parse(SDL), resolvers: { Query: { reading: resolve }, Mutation: { touch: resolve } } }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(apollo, { listen: { host: '127.0.0.1', port: 0 }, context: async ({ req }) => ({ authorization: req.headers.authorization }) });

  const keys = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = await exportJWK(keys.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const jwks: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] }));
  });
  await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;

  const composed = composeServices([{ name: 'gated', url, typeDefs: parse(SDL) }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('; '));
  const supergraphPath = join(mkdtempSync(join(tmpdir(), 'gated-supergraph-')), 'supergraph.graphql');
  writeFileSync(supergraphPath, composed.supergraphSdl);

  return {
    supergraphPath,
    jwksUrl,
    executions: () => count,
    open: () => gate.open(),
    hold: () => {
      gate.open();
      gate = closedGate();
    },
    token: (user, tenant) => sign(keys.privateKey, kid, user, tenant),
    close: async () => {
      gate.open();
      await apollo.stop();
      await new Promise<void>((done) => jwks.close(() => done()));
    },
  };
}

function sign(key: CryptoKey, kid: string, user: string, tenant: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant, roles: ['user'] })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject(user)
    .setJti(crypto.randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 5)
    .setExpirationTime(now + 600)
    .sign(key);
}
