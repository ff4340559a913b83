/**
 * The baseline of `npm run bench:gateway`: @apollo/gateway (the version ours is built on) behind
 * Apollo Server's standalone HTTP server, with nothing added: the supergraph from SUPERGRAPH_PATH,
 * on PORT. Its own process, so the bench can pin it to a core and read its CPU time.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const supergraphPath = process.env.SUPERGRAPH_PATH;
if (!supergraphPath) throw new Error('SUPERGRAPH_PATH is required');
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') }) });
const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4100) } });
process.stdout.write(`vanilla gateway ready at ${url}\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
