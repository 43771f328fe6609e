/**
 * Which addresses this server may connect to when it fetches or delivers (federation.md §5.6, items
 * 14–15): none that is loopback, private, link-local, shared, multicast, reserved or a tunnelling
 * prefix that could reach them, unless the operator allowed that network (`allowedPrivateNetworks`,
 * for tests over loopback and private deployments). Checked on resolved addresses, never on names.
 */
import { BlockList, isIP } from 'node:net';

const REFUSED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const REFUSED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  // IPv4-mapped and IPv4-compatible forms of any address, NAT64, 6to4 and Teredo reach IPv4 hosts indirectly
  ['::ffff:0:0', 96],
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const refused = new BlockList();
for (const [net, prefix] of REFUSED_V4) refused.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of REFUSED_V6) refused.addSubnet(net, prefix, 'ipv6');

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Thrown when a URL or an address may not be fetched; the message names what and why, never credentials. */
export class FetchRefusedError extends Error {
  override name = 'FetchRefusedError';
}

export class AddressGuard {
  private readonly allowed = new BlockList();
  private readonly allowsAny: boolean;

  /** `allowedNetworks`: CIDR strings (`127.0.0.0/8`, `::1/128`) or single addresses. */
  constructor(allowedNetworks: readonly string[]) {
    for (const entry of allowedNetworks) {
      const [net = '', prefixText] = entry.split('/');
      const family = isIP(net);
      if (family === 0) throw new FetchRefusedError(`Expected a CIDR network, got ${JSON.stringify(entry)}`);
      const max = family === 6 ? 128 : 32;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
        throw new FetchRefusedError(`Expected a prefix length of 0–${max}, got ${JSON.stringify(entry)}`);
      this.allowed.addSubnet(net, prefix, family === 6 ? 'ipv6' : 'ipv4');
    }
    this.allowsAny = allowedNetworks.length > 0;
  }

  /** Whether the operator allowed this address explicitly (which also allows plain http to it). */
  isAllowlisted(address: string): boolean {
    return this.allowsAny && isIP(address) !== 0 && this.allowed.check(address, familyOf(address));
  }

  /** Whether an address may be connected to; `plainHttp`: only allowlisted addresses may be reached without TLS. */
  permits(address: string, plainHttp: boolean): boolean {
    if (isIP(address) === 0) return false;
    if (this.isAllowlisted(address)) return true;
    return !plainHttp && !refused.check(address, familyOf(address));
  }
}
