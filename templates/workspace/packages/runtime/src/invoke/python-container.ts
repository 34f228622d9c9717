/**
 * A Python Lambda container: one `python3` process running python_bootstrap.py, which imports
 * the module once and then answers JSON lines. Lambda@Edge runs Python 3 runtimes (facts §5).
 * A timeout kills the process; memory is capped inside it with RLIMIT_AS where the OS has it.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import {
  type Container,
  type ContainerResult,
  type ContainerSettings,
  INIT_TIMEOUT_MS,
  type InvocationRequest,
  lineSplitter,
} from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import {
  exitFailure,
  type Failure,
  handlerErrorFailure,
  handlerNotFoundFailure,
  initErrorFailure,
  marshalFailure,
  memoryFailure,
  type SerializedError,
  timeoutFailure,
} from './failures.ts';
import type { ModuleSource } from './module-source.ts';
import { takePythonProcess } from './process-reserve.ts';
import type { LogLine } from './types.ts';

type BootstrapMessage =
  | { type: 'log'; line: LogLine }
  | { type: 'ready'; memoryUsedMB: number }
  | { type: 'init-error'; error: SerializedError; handlerNotFound?: boolean; memory?: boolean }
  | ({ type: 'result'; id: number; durationMs: number; memoryUsedMB: number } & (
      | { ok: true; result: unknown; eventAfter?: unknown }
      | { ok: false; error: SerializedError; memory?: boolean; marshal?: boolean }
    ));

type Signal =
  | { type: 'message'; message: BootstrapMessage }
  | { type: 'exit'; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'spawn-error'; error: NodeJS.ErrnoException };

type InitState =
  | { ok: true; initDurationMs: number }
  | { ok: false; failure: Failure; initDurationMs: number }
  | { ok: false; setupError: RuntimeSetupError };

export class PythonContainer implements Container {
  private child: ChildProcessWithoutNullStreams | undefined;
  private initState: Promise<InitState> | undefined;
  private waiter: ((signal: Signal) => void) | undefined;
  private logs: LogLine[] = [];
  private peakMemoryMB = 0;
  private nextId = 1;
  private dead = false;

  constructor(
    private readonly source: ModuleSource,
    private readonly settings: ContainerSettings,
    private readonly python: string,
  ) {}

  get usable(): boolean {
    return !this.dead;
  }

  async invoke(request: InvocationRequest): Promise<ContainerResult> {
    const cold = this.initState === undefined;
    this.initState ??= this.start();
    const init = await this.initState;
    if ('setupError' in init) {
      this.dead = true;
      throw init.setupError;
    }
    const initDurationMs = cold ? init.initDurationMs : undefined;
    if (!init.ok) {
      this.kill();
      return this.failed(init.failure, 0, initDurationMs);
    }
    const child = this.child;
    if (!child || this.dead) {
      return this.failed(exitFailure(-1, 'invoke'), 0, initDurationMs);
    }
    const id = this.nextId++;
    const sentAt = performance.now();
    return new Promise<ContainerResult>((resolve) => {
      const timer = setTimeout(() => {
        finish(
          this.failed(timeoutFailure(request.timeoutMs / 1000), request.timeoutMs, initDurationMs),
        );
        this.kill();
      }, request.timeoutMs);
      const finish = (result: ContainerResult) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(result);
      };
      this.waiter = (signal) => {
        if (
          signal.type === 'message' &&
          signal.message.type === 'result' &&
          signal.message.id === id
        ) {
          const message = signal.message;
          this.peakMemoryMB = Math.max(this.peakMemoryMB, message.memoryUsedMB);
          const meta = {
            logs: this.takeLogs(),
            durationMs: message.durationMs,
            initDurationMs,
            memoryUsedMB: this.peakMemoryMB,
            callbackUsed: false,
          };
          if (message.ok) {
            finish({ ok: true, result: message.result, eventAfter: message.eventAfter, ...meta });
          } else if (message.memory) {
            finish({ ok: false, failure: memoryFailure(this.settings.memoryMB), ...meta });
            this.kill();
          } else {
            const failure = message.marshal
              ? marshalFailure(message.error)
              : handlerErrorFailure(message.error);
            finish({ ok: false, failure, ...meta });
          }
        } else if (signal.type === 'exit') {
          const code = signal.code ?? 1;
          finish(
            this.failed(exitFailure(code, 'invoke'), performance.now() - sentAt, initDurationMs),
          );
          this.kill();
        }
      };
      const line = JSON.stringify({
        id,
        event: request.event,
        deadline: Date.now() + request.timeoutMs,
        requestId: request.requestId,
      });
      child.stdin.write(`${line}\n`);
    });
  }

  async dispose(): Promise<void> {
    this.kill();
  }

  private start(): Promise<InitState> {
    const spawnedAt = performance.now();
    const { handlerName, functionName, functionVersion, memoryMB } = this.settings;
    const child = takePythonProcess(this.python);
    child.stdin.write(
      `${JSON.stringify({
        type: 'load',
        module: this.source.loadable,
        handler: handlerName,
        functionName,
        functionVersion,
        memoryMB,
      })}\n`,
    );
    this.child = child;
    const err = lineSplitter('error', (line) => this.logs.push(line));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.write(chunk));
    createInterface({ input: child.stdout }).on('line', (text) => {
      let message: BootstrapMessage;
      try {
        message = JSON.parse(text) as BootstrapMessage;
      } catch {
        this.logs.push({ level: 'log', message: text, time: Date.now() });
        return;
      }
      if (message.type === 'log') this.logs.push(message.line);
      else this.waiter?.({ type: 'message', message });
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      this.waiter?.({ type: 'spawn-error', error }),
    );
    child.on('exit', (code, signal) => {
      this.dead = true;
      err.flush();
      this.waiter?.({ type: 'exit', code, signal });
    });

    return new Promise<InitState>((resolve) => {
      const elapsed = () => performance.now() - spawnedAt;
      const timer = setTimeout(() => {
        finish({
          ok: false,
          failure: {
            ...timeoutFailure(INIT_TIMEOUT_MS / 1000),
            message: `Init phase timed out after ${(INIT_TIMEOUT_MS / 1000).toFixed(2)} seconds`,
          },
          initDurationMs: elapsed(),
        });
      }, INIT_TIMEOUT_MS);
      const finish = (state: InitState) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(state);
      };
      this.waiter = (signal) => {
        if (signal.type === 'spawn-error') {
          finish({
            ok: false,
            setupError: missingPython(this.python, this.source.path, signal.error),
          });
        } else if (signal.type === 'message' && signal.message.type === 'ready') {
          this.peakMemoryMB = signal.message.memoryUsedMB;
          finish({ ok: true, initDurationMs: elapsed() });
        } else if (signal.type === 'message' && signal.message.type === 'init-error') {
          const { error, handlerNotFound, memory } = signal.message;
          const failure = memory
            ? memoryFailure(memoryMB)
            : handlerNotFound
              ? handlerNotFoundFailure(error)
              : initErrorFailure(error);
          finish({ ok: false, failure, initDurationMs: elapsed() });
        } else if (signal.type === 'exit') {
          finish({
            ok: false,
            failure: exitFailure(signal.code ?? 1, 'init'),
            initDurationMs: elapsed(),
          });
        }
      };
    });
  }

  private failed(failure: Failure, durationMs: number, initDurationMs?: number): ContainerResult {
    return {
      ok: false,
      failure,
      logs: this.takeLogs(),
      durationMs,
      initDurationMs,
      memoryUsedMB: this.peakMemoryMB,
      callbackUsed: false,
    };
  }

  private takeLogs(): LogLine[] {
    return this.logs.splice(0, this.logs.length);
  }

  private kill(): void {
    this.dead = true;
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function missingPython(
  python: string,
  file: string,
  error: NodeJS.ErrnoException,
): RuntimeSetupError {
  if (error.code === 'ENOENT') {
    return new RuntimeSetupError(
      `Python 3 is needed to run ${file}, but "${python}" was not found.`,
      'Install python3 (e.g. apt-get install python3, or brew install python), or point the EDGE_PYTHON environment variable at a Python 3 interpreter.',
    );
  }
  return new RuntimeSetupError(
    `Could not start "${python}" to run ${file}: ${error.message}`,
    'Check that the Python 3 interpreter is executable, or set EDGE_PYTHON to one that is.',
  );
}
