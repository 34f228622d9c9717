/**
 * A real moto server (the Python AWS emulator) for the tests, started on a free loopback port
 * and stopped by them: `python3 -m moto.server`, with AWS's managed IAM policies loaded so
 * AWSLambdaBasicExecutionRole can be attached. CI installs moto in `.ci/run`; a machine without
 * python3 or moto skips these suites and says why.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';

export const MOTO_ACCESS_KEY = 'AKIAMOTOTESTS0000001';
export const MOTO_SECRET_KEY = 'moto-does-not-check-secrets';
/** moto's default account. */
export const MOTO_ACCOUNT = '123456789012';

export interface Moto {
  url: string;
  /** Empties every service's state. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Why moto cannot run here, or undefined when it can. */
export function motoUnavailable(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import moto, moto.server'], { encoding: 'utf8' });
  if (probe.error) return `python3 is not installed (${probe.error.message})`;
  if (probe.status !== 0) {
    return `python3 cannot import moto (${probe.stderr.trim().split('\n').at(-1)}); .ci/run installs moto==5.2.1`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    {
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(10_000)]);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto.server exited: ${stderr}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto.server did not start within 60 s: ${stderr}`);
    }
    await delay(200);
  }
  return {
    url,
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    stop,
  };
}

/**
 * moto for one test file: started before its tests and stopped after them. `current()` is
 * undefined where moto cannot run; `unavailable` says why (the suites then skip, saying so).
 */
export function motoForSuite(): {
  unavailable: string | undefined;
  current: () => Moto | undefined;
} {
  const unavailable = motoUnavailable();
  let moto: Moto | undefined;
  beforeAll(async () => {
    if (!unavailable) moto = await startMoto();
  }, 90_000);
  afterAll(async () => {
    await moto?.stop();
  });
  return { unavailable, current: () => moto };
}
