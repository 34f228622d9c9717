/**
 * No handler takes down `pnpm dev`: in a project made by the built CLI, a viewer-request
 * handler commits every fault a container can die of, one request each, under the real
 * `pnpm dev`. Each time the client gets CloudFront's status, the terminal names the rule and
 * the fix, the next request is served, and the server is the same process it was. Then
 * SIGTERM to pnpm alone stops the server and its containers.
 */
import type { ChildProcess } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, GIT_IDENTITY, runCli } from './helpers/cli.ts';
import { startDev } from './helpers/dev-server.ts';
import { stripAnsi } from './helpers/pty.ts';

let cwd: string;
let project: string;
let dev: ChildProcess | undefined;
let output = () => '';
let base = '';
let serverPid = 0;

/** Each fault the issue lists, chosen by `?fault=`; without one it forwards the request. */
const FAULTS_HANDLER = `import { execFileSync } from 'node:child_process';

const kept: unknown[] = [];

export const handler = async (event: any) => {
  const { request } = event.Records[0].cf;
  const fault = new URLSearchParams(request.querystring).get('fault');
  if (fault === 'heap') for (;;) kept.push(new Array(4e6).fill(1.5));
  if (fault === 'buffers') for (let i = 0; i < 24; i++) kept.push(Buffer.alloc(64 * 1024 * 1024, 1));
  if (fault === 'exit') process.exit(3);
  if (fault === 'kill') process.kill(process.pid, 'SIGTERM');
  if (fault === 'loop') for (;;);
  if (fault === 'sleep') execFileSync('sleep', ['30']);
  if (fault === 'after-answer') {
    setTimeout(() => {
      throw new RangeError('thrown from a timer after the answer');
    }, 20);
  }
  request.querystring = '';
  return request;
};
`;

beforeAll(async () => {
  assertBuilt();
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'cea-e2e-containers-')));
  project = join(cwd, 'faulty');
  const created = await runCli(['faulty', '--yes'], { cwd, timeoutMs: 280_000, env: GIT_IDENTITY });
  expect(created.exitCode, `${created.stdout}\n${created.stderr}`).toBe(0);
  writeFileSync(join(project, 'packages', 'viewer-request', 'src', 'index.ts'), FAULTS_HANDLER);
  const server = await startDev(project, { env: { CI: 'true' } });
  base = server.base;
  dev = server.dev;
  output = server.output;
  const first = await firstResponse(`${base}/`);
  expect(first.status, output()).toBe(200);
  serverPid = edgeServerPid(dev.pid as number);
});

afterAll(() => {
  if (dev?.pid && dev.exitCode === null) {
    try {
      process.kill(-dev.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

/** Requests the fault; returns the response and what the terminal output() meanwhile. */
async function provoke(fault: string) {
  const before = output().length;
  const response = await fetch(`${base}/?fault=${fault}`, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  // The trace line is output() once the response is sent.
  await expect.poll(() => output().length > before, { timeout: 5_000 }).toBe(true);
  return { response, terminal: () => stripAnsi(output().slice(before)) };
}

async function expectServedAgain() {
  const next = await fetch(`${base}/`, { signal: AbortSignal.timeout(30_000) });
  expect(next.status, stripAnsi(output())).toBe(200);
  expect(await next.text()).toContain('Hello from the origin');
  expect(isRunning(serverPid), 'the dev server process').toBe(true);
  expect(edgeServerPid((dev as ChildProcess).pid as number)).toBe(serverPid);
}

describe.runIf(process.platform === 'linux')('faults under pnpm dev', () => {
  for (const [fault, xCache, rule, fix] of [
    ['heap', 'LambdaLimitExceeded', 'memory', 'Hold less in memory'],
    ['buffers', 'LambdaLimitExceeded', 'memory', 'Hold less in memory'],
    ['exit', 'LambdaExecutionError', 'process-exit', 'Do not call process.exit'],
    ['kill', 'LambdaExecutionError', 'runtime-crash', 'SIGTERM'],
    ['loop', 'LambdaLimitExceeded', 'timeout', 'Make the handler finish sooner'],
    ['sleep', 'LambdaLimitExceeded', 'timeout', 'Make the handler finish sooner'],
  ] as const) {
    it(`${fault}: 503 ${xCache} [${rule}], then the same server serves the next request`, async () => {
      const { response, terminal } = await provoke(fault);
      expect(response.status, terminal()).toBe(503);
      expect(response.headers.get('x-cache')).toBe(`${xCache} from cloudfront`);
      await expect.poll(() => terminal(), { timeout: 5_000 }).toContain(`[${rule}]`);
      expect(terminal()).toMatch(new RegExp(`fix: .*${fix}`));
      await expectServedAgain();
    });
  }

  it('after-answer: the answer stands, the terminal says why the container ended, the next request is served', async () => {
    const { response, terminal } = await provoke('after-answer');
    expect(response.status).toBe(200);
    await expect
      .poll(() => terminal(), { timeout: 5_000 })
      .toContain('its container ended after answering');
    expect(terminal()).toContain('[runtime-crash]');
    expect(terminal()).toContain('RangeError: thrown from a timer after the answer');
    expect(terminal()).toMatch(/fix: .*Await the work inside the handler/);
    await expectServedAgain();
  });

  it('SIGTERM to pnpm alone stops the server and its containers within seconds', async () => {
    const containers = childrenOf(serverPid);
    expect(containers.length).toBeGreaterThan(0);
    process.kill((dev as ChildProcess).pid as number, 'SIGTERM');
    await expect.poll(() => isRunning(serverPid), { timeout: 5_000 }).toBe(false);
    await expect.poll(() => containers.filter(isRunning), { timeout: 5_000 }).toEqual([]);
  });
});

async function firstResponse(url: string) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (dev?.exitCode !== null) throw new Error(`pnpm dev exited before serving:\n${output()}`);
    try {
      return await fetch(url, { signal: AbortSignal.timeout(10_000) });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`pnpm dev never answered on ${url}:\n${output()}`);
}

interface Stat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0] ?? '', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function processes(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => stat(Number(name)) ?? []);
}

/** The `edge dev` node process in pnpm's process group. */
function edgeServerPid(group: number): number {
  const found = processes().filter((entry) => {
    if (entry.pgrp !== group) return false;
    try {
      const cmdline = readFileSync(`/proc/${entry.pid}/cmdline`, 'utf8').split('\0');
      return cmdline.some((arg) => arg.endsWith('edge.js')) && cmdline.includes('dev');
    } catch {
      return false;
    }
  });
  expect(found.map((entry) => entry.pid)).toHaveLength(1);
  return (found[0] as Stat).pid;
}

function childrenOf(pid: number): number[] {
  return processes()
    .filter((entry) => entry.ppid === pid)
    .map((entry) => entry.pid);
}

function isRunning(pid: number): boolean {
  const found = stat(pid);
  return found !== undefined && found.state !== 'Z';
}
