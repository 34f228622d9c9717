/** Finding programs on PATH without spawning them. */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const extensions = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const file = join(dir, command + extension);
      // existsSync first: a failed accessSync builds an exception, per PATH entry.
      if (existsSync(file) && isExecutable(file)) return true;
    }
  }
  return false;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
