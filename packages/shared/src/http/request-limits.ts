import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { operationTooComplex, type LimitName } from '../graphql/operation-limits.js';

/** A request refused before GraphQL sees it, answered as a GraphQL error with this status. */
export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: { errors: { message: string; extensions: Record<string, unknown> }[] },
  ) {
    super(body.errors[0]?.message ?? 'request refused');
  }
}

/** A GraphQL error refusing the request, answered with the status in its `extensions.http`. */
export function refusedFor(error: GraphQLError): RequestRefused {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } } & Record<string, unknown>;
  return new RequestRefused(http?.status ?? 400, { errors: [{ message: error.message, extensions }] });
}

export function refusedOverLimit(limit: LimitName, max: number, measured: number | string, status = 400): RequestRefused {
  return refusedFor(operationTooComplex(limit, max, measured, status));
}

/** Bytes past the limit we still read and discard, so the client can read its 413 instead of a reset. */
const DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Reads a body of at most `limit` bytes. A larger one (by Content-Length, or counted) is refused
 * with 413: its bytes are discarded (up to DRAIN_BYTES more, then the socket is closed), so a
 * client still sending gets the answer rather than a connection reset, and nothing is buffered.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const tooLarge = (measured: number | string) => {
      req.removeAllListeners('data');
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_BYTES) req.destroy();
      });
      req.resume();
      reject(refusedOverLimit('bodyBytes', limit, measured, 413));
    };
    if (Number.isFinite(declared) && declared > limit) return tooLarge(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return tooLarge(`more than ${limit}`);
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Whether JSON text nests objects/arrays deeper than `max`, found by scanning it once without
 * parsing (so without recursion): deeply nested variables would otherwise overflow the stack of
 * the recursive walks that follow parsing (input coercion, scalars) and surface as a 500.
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

export function refusedJsonDepth(max: number): RequestRefused {
  return new RequestRefused(400, {
    errors: [{ message: `JSON input nests deeper than ${max} levels`, extensions: { code: 'BAD_USER_INPUT', limit: 'jsonDepth', max } }],
  });
}
