/** Which Host and Origin values count as the dev server's own. */
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { foreignRequest, ownHosts } from '../../src/server/guard.ts';

const requestWith = (headers: Record<string, string>) =>
  ({ headers }) as unknown as IncomingMessage;

describe('ownHosts', () => {
  it('is loopback by name and number, and the listening address, on the port', () => {
    expect([...ownHosts('127.0.0.1', 8787)].sort()).toEqual([
      '127.0.0.1:8787',
      '[::1]:8787',
      'localhost:8787',
    ]);
    expect(ownHosts('192.168.1.20', 3000).has('192.168.1.20:3000')).toBe(true);
  });

  it("on every interface (0.0.0.0), each interface's address", () => {
    const own = ownHosts('0.0.0.0', 8787);
    expect(own.has('0.0.0.0:8787')).toBe(false);
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (!address) continue;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      expect(own.has(`${host}:8787`.toLowerCase()), address.address).toBe(true);
    }
  });

  it('on port 80, the bare name too (a Host without a port)', () => {
    expect(ownHosts('127.0.0.1', 80).has('localhost')).toBe(true);
    expect(ownHosts('127.0.0.1', 8787).has('localhost')).toBe(false);
  });
});

describe('foreignRequest', () => {
  const own = ownHosts('127.0.0.1', 8787);

  it('lets in the server’s own pages and tools without an Origin', () => {
    expect(foreignRequest(requestWith({ host: '127.0.0.1:8787' }), own)).toBeUndefined();
    expect(
      foreignRequest(requestWith({ host: 'LOCALHOST:8787', origin: 'http://localhost:8787' }), own),
    ).toBeUndefined();
    expect(
      foreignRequest(requestWith({ host: 'localhost:8787', origin: 'http://127.0.0.1:8787' }), own),
    ).toBeUndefined();
  });

  it('refuses another Host, a missing one, and any other Origin', () => {
    expect(foreignRequest(requestWith({}), own)).toBe('it has no Host header');
    expect(foreignRequest(requestWith({ host: 'rebound.example:8787' }), own)).toContain(
      'rebound.example:8787',
    );
    expect(foreignRequest(requestWith({ host: '127.0.0.1:8788' }), own)).toBeDefined();
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1:3000',
      'https://127.0.0.1:8787',
      'null',
      'not a url',
    ]) {
      expect(
        foreignRequest(requestWith({ host: '127.0.0.1:8787', origin }), own),
        origin,
      ).toContain(origin);
    }
  });
});
