// The pnpm to run from a script: the one running it (`pnpm <script>` sets npm_execpath), else
// the version the repository pins (package.json `packageManager`) through npx.
import { readFileSync } from 'node:fs';

const { packageManager } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
);

/** [command, args] for execFile/spawn. */
export function pnpmCommand(args) {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['npx', ['-y', packageManager, ...args]];
}
