/**
 * A Python Lambda container: one interpreter process running python_bootstrap.py, which imports
 * the module once and then answers JSON lines (the messages of protocol.ts). Lambda@Edge runs
 * Python 3 runtimes (docs/cloudfront-rules.md#runtimes). The bootstrap caps its own address
 * space with RLIMIT_AS where the OS has it; the whole footprint is watched by
 * process-container.ts, as for Node.js.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { pythonBootstrapPath } from './assets.ts';
import { type ContainerSettings, lineSplitter } from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import { exitFailure, type Failure, type Phase, signalFailure } from './failures.ts';
import { adopt, whenEnded } from './lifetime.ts';
import type { ModuleSource } from './module-source.ts';
import { ProcessContainer } from './process-container.ts';
import { refill, takeProcess } from './process-reserve.ts';
import type { FromContainer, ToContainer } from './protocol.ts';

function startPython(python: string): ChildProcessWithoutNullStreams {
  const child = spawn(python, [pythonBootstrapPath()], {
    stdio: 'pipe',
    // Interpreters found through version managers depend on the host's environment.
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    // Its own process group, so that ending it ends what it started too (lifetime.ts).
    detached: true,
  });
  adopt(child);
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket).unref();
  // The process may end before it reads what is written to it; its exit says the rest.
  child.stdin.on('error', () => {});
  return child;
}

export class PythonContainer extends ProcessContainer {
  private proc: ChildProcessWithoutNullStreams | undefined;

  constructor(
    private readonly source: ModuleSource,
    settings: ContainerSettings,
    private readonly python: string,
  ) {
    super(settings);
  }

  private get kind(): string {
    return `python\0${this.python}`;
  }

  private readonly startProcess = () => startPython(this.python);

  protected launch(): ChildProcessWithoutNullStreams {
    const child = takeProcess(this.kind, this.startProcess) as ChildProcessWithoutNullStreams;
    this.proc = child;
    const err = lineSplitter('error', (line) => this.logged(line));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.write(chunk));
    let refilled = false;
    createInterface({ input: child.stdout }).on('line', (text) => {
      let message: FromContainer;
      try {
        message = JSON.parse(text) as FromContainer;
      } catch {
        this.logged({ level: 'log', message: text, time: Date.now() });
        return;
      }
      if (!refilled && (message.type === 'ready' || message.type === 'init-error')) {
        refilled = true;
        refill(this.kind, this.startProcess);
      }
      this.received(message);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      this.setupFailed(missingPython(this.python, this.source.path, error));
    });
    whenEnded(child, (code, signal) => {
      err.flush();
      this.exited(code, signal);
    });
    this.send({
      type: 'load',
      module: this.source.loadable,
      handlerName: this.settings.handlerName,
      functionName: this.settings.functionName,
      functionVersion: this.settings.functionVersion,
      memoryMB: this.settings.memoryMB,
      globals: {},
    });
    return child;
  }

  protected send(message: ToContainer): void {
    this.proc?.stdin.write(`${JSON.stringify(message)}\n`);
  }

  protected exitFailure(code: number | null, signal: NodeJS.Signals | null, phase: Phase): Failure {
    return signal ? signalFailure(signal, phase) : exitFailure(code ?? 1, phase);
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
