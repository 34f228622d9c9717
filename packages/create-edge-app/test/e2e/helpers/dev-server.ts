/**
 * `pnpm dev` in a generated project, as a user starts it, on a free loopback port, with
 * everything it prints collected. It runs in its own process group, so that pnpm, the edge
 * command and its containers stop together.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { pnpmCommand } from '../../../src/steps/install.ts';

export interface DevServer {
  port: number;
  base: string;
  dev: ChildProcess;
  output: () => string;
}

/** `env` adds to the environment; an undefined value removes that variable. */
export async function startDev(
  project: string,
  { env = {}, args = [] }: { env?: Record<string, string | undefined>; args?: string[] } = {},
): Promise<DevServer> {
  const pnpm = pnpmCommand();
  const port = await freePort();
  const dev = spawn(pnpm.file, [...pnpm.prefix, 'dev', '--port', String(port), ...args], {
    cwd: project,
    env: Object.fromEntries(
      Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let printed = '';
  dev.stdout?.on('data', (chunk) => {
    printed += chunk;
  });
  dev.stderr?.on('data', (chunk) => {
    printed += chunk;
  });
  return { port, base: `http://127.0.0.1:${port}`, dev, output: () => printed };
}

/** Ends the whole process group, when it is still running. */
export function stopDev(dev: ChildProcess): void {
  if (dev.pid && dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
