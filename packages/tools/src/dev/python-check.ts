/**
 * `edge dev` runs Python functions in a `python3` process that starts on the first request
 * (the runtime's PythonContainer). Without an interpreter that request would fail with a 503
 * long after start-up; checking when the session starts reports it at once, with the fix.
 */
import { spawnSync } from 'node:child_process';
import type { BuiltFunction } from '../build/types.ts';
import { ToolsError } from '../errors.ts';

/** The interpreter the runtime uses when createFunction gets no `python` option. */
export function pythonInterpreter(env: NodeJS.ProcessEnv = process.env): string {
  return env.EDGE_PYTHON ?? 'python3';
}

export function assertPythonAvailable(built: readonly BuiltFunction[]): void {
  const first = built.find((fn) => fn.language === 'python');
  if (!first) return;
  const python = pythonInterpreter();
  const probe = spawnSync(python, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = `${probe.stdout ?? ''}${probe.stderr ?? ''}`.trim();
  if (!probe.error && probe.status === 0 && /^Python 3\./.test(version)) return;
  const found = probe.error
    ? (probe.error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `"${python}" was not found`
      : `"${python}" could not be started (${probe.error.message})`
    : `"${python} --version" answered ${JSON.stringify(version || `exit code ${probe.status}`)}`;
  throw new ToolsError(
    'dev',
    `Python 3 is needed to run the function "${first.name}" (packages/${first.name}), but ${found}.`,
    {
      hint: 'Install Python 3 (e.g. `apt-get install python3`, or `brew install python`), or set EDGE_PYTHON to a Python 3 interpreter.',
    },
  );
}
