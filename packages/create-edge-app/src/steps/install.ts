/**
 * `pnpm install` in the new project. The generated workspace pins pnpm 10.34.8
 * (`packageManager`); without pnpm on PATH the same version runs through npx.
 */
import { CliCancelled, CliError } from '../errors.ts';
import { onPath } from './commands.ts';

export const PNPM_VERSION = '10.34.8';

export interface PnpmCommand {
  file: string;
  /** Arguments before pnpm's own (npx's). */
  prefix: string[];
  /** How to show it to a person. */
  display: string;
}

export function pnpmCommand(env: NodeJS.ProcessEnv = process.env): PnpmCommand {
  if (onPath('pnpm', env)) return { file: 'pnpm', prefix: [], display: 'pnpm' };
  return {
    file: 'npx',
    prefix: ['-y', `pnpm@${PNPM_VERSION}`],
    display: `npx pnpm@${PNPM_VERSION}`,
  };
}

export async function installDependencies(
  projectDir: string,
  pnpm: PnpmCommand,
  signal: AbortSignal,
): Promise<void> {
  // execa is loaded only when something is run: a --no-install --no-git run never pays for it.
  const { execa } = await import('execa');
  try {
    await execa(pnpm.file, [...pnpm.prefix, 'install'], {
      cwd: projectDir,
      // pnpm's progress goes straight to the terminal; it must never wait for input.
      stdin: 'ignore',
      stdout: 'inherit',
      stderr: 'inherit',
      cancelSignal: signal,
    });
  } catch (error) {
    if (signal.aborted) throw new CliCancelled();
    const reason = (error as { shortMessage?: string }).shortMessage ?? String(error);
    throw new CliError(
      'install-failed',
      `${pnpm.display} install failed in ${projectDir}: ${reason}`,
      {
        hint: `The project is written. Fix the problem shown above, then run \`${pnpm.display} install\` there.`,
      },
    );
  }
}
