/**
 * `edge deploy` as a user runs it, with its default timeouts, against an endpoint that accepts
 * connections and never answers: it ends by itself with an error naming the endpoint. (The
 * failure paths with short timeouts are in hardening.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { DEFAULT_CALL_LIMITS } from '../../src/deploy/aws.ts';
import { captureConsole } from '../dev/fixture.ts';
import { writeWorkspace } from './workspace.ts';

let root: string;
let server: Server;
let port: number;
const sockets = new Set<Socket>();

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'edge-deploy-silent-'));
  server = createServer((socket) => {
    // Read the request, answer nothing.
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${port}`);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIASILENTENDPOINT01');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-a-secret');
  vi.stubEnv('AWS_CONFIG_FILE', join(root, 'no-aws-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(root, 'no-aws-credentials'));
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('edge deploy against an endpoint that never answers', () => {
  it('gives up on its own, naming the endpoint', async () => {
    writeWorkspace(root, 'E2SILENTDIST01');
    const output = captureConsole();
    const { maxAttempts, socketTimeoutMs } = DEFAULT_CALL_LIMITS;

    expect(await main(['deploy', '--yes'], root)).toBe(1);

    const text = output.join('\n');
    expect(text).toContain(
      `✖ No answer to sts:GetCallerIdentity: 127.0.0.1:${port} accepted the connection but sent no answer within ${socketTimeoutMs / 1000} s (${maxAttempts} attempts).`,
    );
    expect(text).toContain(
      `AWS_ENDPOINT_URL is http://127.0.0.1:${port}; is that endpoint running`,
    );
    expect(text).toContain('Distribution E2SILENTDIST01 was not changed.');
  }, 150_000);
});
