/**
 * A Node.js Lambda container: one process running container/main.ts on the Node.js of the
 * function's Lambda runtime (node-runtime.ts), spoken to over its IPC channel. The V8 heap is
 * sized as Lambda sizes it; the whole footprint is watched by process-container.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { Socket } from 'node:net';
import { type ContainerSettings, lineSplitter } from './container.ts';
import { containerEnvironment } from './environment.ts';
import { RuntimeSetupError } from './errors.ts';
import {
  crashFailure,
  exitFailure,
  type Failure,
  memoryFailure,
  type Phase,
  signalFailure,
} from './failures.ts';
import { adopt, whenEnded } from './lifetime.ts';
import type { ModuleSource } from './module-source.ts';
import type { NodeBinary } from './node-runtime.ts';
import { ProcessContainer } from './process-container.ts';
import { refill, takeProcess } from './process-reserve.ts';
import type { FromContainer, LastWords, ToContainer } from './protocol.ts';

/** What V8 prints when the heap limit ends the process. */
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit|Allocation failed/;

export interface NodeLaunch {
  binary: NodeBinary;
  /** container/main.ts as built (assets.ts). */
  entry: string;
}

function startNode({ binary, entry }: NodeLaunch, memoryMB: number): ChildProcess {
  // The heap sizes Lambda's Node.js bootstrap gives V8 for the function's memory size: a
  // tenth for the young generation (two semi-spaces), the rest for the old one (as the
  // bootstrap reproduced by lambci/docker-lambda sets them). The small young generation also
  // keeps garbage from inflating the footprint that memory.ts holds against the limit.
  const newSpaceMB = Math.floor(memoryMB / 10);
  const child = fork(entry, [], {
    execPath: binary.path,
    // Not the caller's flags (a test runner's loaders, inspector): the container's own.
    execArgv: [
      `--max-semi-space-size=${Math.max(1, Math.floor(newSpaceMB / 2))}`,
      `--max-old-space-size=${memoryMB - newSpaceMB}`,
      // Stack frames of bundled TypeScript handlers point at the .ts sources (inline maps).
      '--enable-source-maps',
    ],
    env: containerEnvironment(binary.runtime),
    serialization: 'json',
    // stdout, stderr, the IPC channel, and the last-words pipe (protocol.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'],
    // Its own process group, so that ending it ends what it started too (lifetime.ts).
    detached: true,
  });
  adopt(child);
  // Nothing of an idle container keeps the caller alive; a running invocation's timer does.
  child.unref();
  child.channel?.unref();
  for (const stream of child.stdio) (stream as Socket | null)?.unref?.();
  return child;
}

export class NodeContainer extends ProcessContainer {
  private proc: ChildProcess | undefined;
  private stderrTail = '';
  private lastWords = '';

  constructor(
    private readonly source: ModuleSource,
    settings: ContainerSettings,
    private readonly launchWith: NodeLaunch,
  ) {
    super(settings);
  }

  private get kind(): string {
    return `node\0${this.launchWith.binary.path}\0${this.settings.memoryMB}\0${this.launchWith.entry}`;
  }

  private readonly startProcess = () => startNode(this.launchWith, this.settings.memoryMB);

  protected launch(): ChildProcess {
    const child = takeProcess(this.kind, this.startProcess);
    this.proc = child;
    child.on('message', (message: FromContainer) => {
      if (message.type === 'ready' || message.type === 'init-error')
        refill(this.kind, this.startProcess);
      this.received(message);
    });
    const out = lineSplitter('log', (line) => this.logged(line));
    const err = lineSplitter('error', (line) => this.logged(line));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => out.write(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4096);
      err.write(chunk);
    });
    (child.stdio[4] as Socket | null)?.setEncoding('utf8').on('data', (chunk: string) => {
      this.lastWords += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      this.setupFailed(
        new RuntimeSetupError(
          `Could not start Node.js ${this.launchWith.binary.version} (${this.launchWith.binary.path}): ${error.message}`,
          'Check that the Node.js binary runs on this machine, or remove it from the cache to fetch it again.',
          { cause: error },
        ),
      );
    });
    whenEnded(child, (code, signal) => {
      out.flush();
      err.flush();
      refill(this.kind, this.startProcess);
      this.exited(code, signal);
    });
    this.send({
      type: 'load',
      module: this.source.loadable,
      handlerName: this.settings.handlerName,
      functionName: this.settings.functionName,
      functionVersion: this.settings.functionVersion,
      memoryMB: this.settings.memoryMB,
      globals: this.settings.globals,
    });
    return child;
  }

  protected send(message: ToContainer): void {
    const child = this.proc;
    if (!child?.connected) return;
    // A send to a process that has just ended fails; its exit is reported on its own.
    child.send(message, (error) => void error);
  }

  protected exitFailure(code: number | null, signal: NodeJS.Signals | null, phase: Phase): Failure {
    const words = parseLastWords(this.lastWords);
    if (words?.type === 'uncaught') return crashFailure(words.error, phase, words.rejection);
    if (HEAP_EXHAUSTED.test(this.stderrTail)) return memoryFailure(this.settings.memoryMB);
    if (words?.type === 'exit') return exitFailure(words.code, phase);
    if (signal) return signalFailure(signal, phase);
    return exitFailure(code ?? 1, phase);
  }
}

function parseLastWords(text: string): LastWords | undefined {
  const line = text.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    return JSON.parse(line) as LastWords;
  } catch {
    return undefined;
  }
}
