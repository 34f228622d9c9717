/**
 * A Python Lambda container: one `python3` process running python_bootstrap.py, which imports the
 * module once and then answers JSON lines. Lambda@Edge runs Python 3 runtimes
 * (docs/cloudfront-rules.md#runtimes). A timeout kills the process; memory is capped inside it with
 * RLIMIT_AS where the OS has it.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ContainerSettings, lineSplitter } from './container.ts';
import { RuntimeSetupError } from './errors.ts';
import { exitFailure } from './failures.ts';
import { type ContainerMessage, IsolatedContainer } from './isolated-container.ts';
import type { ModuleSource } from './module-source.ts';
import { takePythonProcess } from './process-reserve.ts';
import type { LogLine } from './types.ts';

type BootstrapMessage = ContainerMessage | { type: 'log'; line: LogLine };

export class PythonContainer extends IsolatedContainer {
  private child: ChildProcessWithoutNullStreams | undefined;
  // RLIMIT_AS caps the whole process; the bootstrap reports a MemoryError itself.
  protected readonly enforcesMeasuredMemory = false;

  constructor(
    private readonly source: ModuleSource,
    settings: ContainerSettings,
    private readonly python: string,
  ) {
    super(settings);
  }

  protected launch(): void {
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
    const err = lineSplitter('error', (line) => this.log(line));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.write(chunk));
    createInterface({ input: child.stdout }).on('line', (text) => {
      let message: BootstrapMessage;
      try {
        message = JSON.parse(text) as BootstrapMessage;
      } catch {
        this.log({ level: 'log', message: text, time: Date.now() });
        return;
      }
      if (message.type === 'log') this.log(message.line);
      else this.signal({ type: 'message', message });
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const setupError = missingPython(this.python, this.source.path, error);
      this.signal({
        type: 'death',
        death: { setupError, failure: (during) => exitFailure(-1, during) },
      });
    });
    child.on('exit', (code) => {
      err.flush();
      this.signal({
        type: 'death',
        death: { failure: (during) => exitFailure(code ?? 1, during) },
      });
    });
  }

  protected send(json: string): boolean {
    if (!this.child || this.dead) return false;
    this.child.stdin.write(`${json}\n`);
    return true;
  }

  protected async kill(): Promise<void> {
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
