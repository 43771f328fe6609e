/**
 * Whether a webhook URL may be called, checked when a hook is made or changed (the outbox's guarded
 * fetcher checks again at every call, after its own DNS lookup): http or https, no credentials, not this
 * server, and every address its host resolves to one the address guard permits (plain http only to the
 * networks `allowedPrivateNetworks` allows, as for deliveries).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AddressGuard } from './address-guard.js';

/** A lookup that takes longer is answered as a refusal (the user may try again). */
const LOOKUP_TIMEOUT_MS = 5_000;

export class HookUrlGuard {
  private readonly guard: AddressGuard;

  constructor(
    allowedNetworks: readonly string[],
    private readonly ownOrigin: string,
  ) {
    this.guard = new AddressGuard(allowedNetworks);
  }

  /** Why `raw` may not be a hook's URL, or null when it may. */
  async refusal(raw: string): Promise<string | null> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'Expected an absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Expected an http(s) URL, got ${url.protocol}`;
    if (url.username !== '' || url.password !== '') return 'Expected a URL without credentials';
    if (url.origin === new URL(this.ownOrigin).origin) return 'Expected another server, got this one';
    const plainHttp = url.protocol === 'http:';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const addresses = isIP(host) !== 0 ? [host] : await this.resolve(host);
    if (addresses === null || addresses.length === 0) return `Expected a host that resolves, got ${host}`;
    if (addresses.some((address) => !this.guard.permits(address, plainHttp)))
      return plainHttp && addresses.every((address) => this.guard.permits(address, false))
        ? 'Expected https (plain http only to the allowed private networks)'
        : `${host} is a private, loopback or link-local address`;
    return null;
  }

  private async resolve(host: string): Promise<string[] | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS);
    });
    try {
      const found = lookup(host, { all: true }).then(
        (addresses) => addresses.map((a) => a.address),
        () => null,
      );
      return await Promise.race([found, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
