/**
 * Who may use `/__edge/*`: only the dev server's own pages and the developer's own tools. Any
 * web page the developer visits can send requests to 127.0.0.1, and a DNS-rebinding page can
 * even read the answers under its own name; so a request is refused when its `Host` is not an
 * address of this server (rebinding puts the attacker's name there), or when it carries an
 * `Origin` (browsers send one with every cross-site request and every POST) that is not this
 * server's. curl and scripts send no `Origin` and the server's own `Host`.
 */
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/** `host:port` values (lower case) this server answers to. */
export type OwnHosts = ReadonlySet<string>;

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * 127.0.0.1, localhost and [::1] on the port, the address it listens on, and, when it listens
 * on every interface, each interface's address.
 */
export function ownHosts(listenHost: string, port: number): OwnHosts {
  const names = new Set(['127.0.0.1', 'localhost', '::1', listenHost]);
  if (WILDCARDS.has(listenHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) names.add(address.address);
    }
  }
  const hosts = new Set<string>();
  for (const name of names) {
    if (WILDCARDS.has(name)) continue;
    const host = name.includes(':') ? `[${name}]` : name;
    hosts.add(`${host}:${port}`.toLowerCase());
    // A Host without a port means the scheme's default one.
    if (port === 80) hosts.add(host.toLowerCase());
  }
  return hosts;
}

/** Why the request may not use `/__edge/*`, or undefined when it may. */
export function foreignRequest(req: IncomingMessage, own: OwnHosts): string | undefined {
  const host = req.headers.host?.toLowerCase();
  if (!host) return 'it has no Host header';
  if (!own.has(host)) return `its Host is "${req.headers.host}", not this server's address`;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const originHost = url && url.protocol === 'http:' ? url.host.toLowerCase() : undefined;
  // URL drops the default port, which `own` also lists bare.
  if (originHost && own.has(originHost)) return undefined;
  return `it comes from the web page at ${origin}, not from this server's own pages`;
}
