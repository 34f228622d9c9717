/**
 * The distribution's origins and origin groups by name: one client per configured origin, the
 * `origin` object its events carry, and a client for wherever an origin-request function points
 * a request instead (docs/cloudfront-rules.md#origin-fields, #origin-failover).
 */
import type { Origin } from '@edge-app/events';
import type { EdgeConfig, OriginConfig, OriginGroupConfig } from '../../config.ts';
import { copyOrigin, eventOrigin } from '../events.ts';
import { createOriginClient, originFromEvent } from './index.ts';
import type { OriginClient } from './types.ts';

export class OriginRegistry {
  readonly #clients = new Map<string, OriginClient>();
  readonly #redirected = new Map<string, OriginClient>();
  readonly #eventOrigins = new Map<string, { origin: Origin; id: string }>();

  constructor(
    private readonly config: EdgeConfig,
    private readonly root: string,
  ) {}

  /** The origin names a target stands for: a group's primary and secondary, or the origin itself. */
  members(target: string): string[] {
    return this.group(target)?.members ?? [target];
  }

  group(target: string): OriginGroupConfig | undefined {
    return Object.hasOwn(this.config.originGroups ?? {}, target)
      ? this.config.originGroups?.[target]
      : undefined;
  }

  settings(name: string): OriginConfig {
    const settings = this.config.origins[name];
    if (!settings) throw new Error(`no origin "${name}"`);
    return settings;
  }

  client(name: string): OriginClient {
    let client = this.#clients.get(name);
    if (!client) {
      client = createOriginClient(name, this.settings(name), this.root);
      this.#clients.set(name, client);
    }
    return client;
  }

  /** A fresh copy of the `origin` an origin-request event carries for `name`. */
  eventOrigin(name: string): Origin {
    return copyOrigin(this.#configured(name).origin);
  }

  /**
   * The client for what an origin-request function returned: the configured origin's when the
   * function left the address alone (custom headers aside), else one for the new address.
   */
  clientFor(name: string, returned: Origin): OriginClient {
    const id = originId(returned);
    if (id === this.#configured(name).id) return this.client(name);
    let client = this.#redirected.get(id);
    if (!client) {
      const settings = this.settings(name);
      client = originFromEvent(returned, {
        ...(settings.connectionAttempts === undefined
          ? {}
          : { connectionAttempts: settings.connectionAttempts }),
        ...(settings.connectionTimeout === undefined
          ? {}
          : { connectionTimeout: settings.connectionTimeout }),
      });
      this.#redirected.set(id, client);
    }
    return client;
  }

  close(): void {
    for (const client of [...this.#clients.values(), ...this.#redirected.values()])
      client.close?.();
    this.#clients.clear();
    this.#redirected.clear();
  }

  #configured(name: string): { origin: Origin; id: string } {
    let configured = this.#eventOrigins.get(name);
    if (!configured) {
      const origin = eventOrigin(name, this.settings(name));
      configured = { origin, id: originId(origin) };
      this.#eventOrigins.set(name, configured);
    }
    return configured;
  }
}

/** What identifies where an origin points: every field but its custom headers. */
function originId(origin: Origin): string {
  if (origin.custom)
    return JSON.stringify({ custom: { ...origin.custom, customHeaders: undefined } });
  return JSON.stringify({ s3: { ...origin.s3, customHeaders: undefined } });
}
