import { expect } from 'vitest';

/**
 * Nothing internal in what a client received: no stack trace or frame, no source path, no subgraph
 * address or raw upstream response.
 */
export function expectNoInternals(body: unknown, internalUrls: readonly string[]): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const needle of ['stacktrace', '"response"', '"exception"', 'node_modules', '.ts:', '    at ', 'serviceName']) {
    expect(text, `response carries ${JSON.stringify(needle)}`).not.toContain(needle);
  }
  for (const url of internalUrls) expect(text, `response names the internal address ${url}`).not.toContain(new URL(url).host);
}
