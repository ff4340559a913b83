import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv6 } from 'node:net';

/** Parses `10.0.0.0/8, 127.0.0.1, ::1` into a matcher of trusted proxy addresses. */
export function trustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

const normalize = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');

function isTrusted(list: BlockList, address: string): boolean {
  const plain = normalize(address);
  return list.check(plain, isIPv6(plain) ? 'ipv6' : 'ipv4');
}

/**
 * The address of the client behind any trusted proxies: walking `x-forwarded-for` from the
 * right, the first hop that is not a trusted proxy. A header from an untrusted peer is ignored,
 * so a client cannot pick its own address to dodge per-IP limits.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trusted: BlockList): string {
  const peer = normalize(req.socket.remoteAddress ?? 'unknown');
  if (!isTrusted(trusted, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => normalize(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(trusted, hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}

/**
 * The budget an address counts against: an IPv4 address itself, an IPv6 address's /64. One host is
 * given a whole /64 (SLAAC, privacy addresses), so per full IPv6 address a client would have as many
 * budgets as it cares to pick addresses. Anything else (`unknown`, a malformed hop) as it is.
 */
export function addressBucket(address: string): string {
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 and the like) lies in the last 64 bits: it does not change the prefix.
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => (parseInt(group || '0', 16) || 0).toString(16))
    .join(':')}::/64`;
}
