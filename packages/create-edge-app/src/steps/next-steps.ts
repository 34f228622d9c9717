/** The last thing printed: what to run next. */
import { relative } from 'node:path';
import type { Answers } from '../answers/types.ts';
import { PNPM_VERSION, type PnpmCommand } from './install.ts';

export function nextSteps(answers: Answers, cwd: string, pnpm: PnpmCommand): string {
  const dir = relative(cwd, answers.targetDir) || '.';
  const run = pnpm.display;
  const lines = [`Created ${answers.projectName} in ${answers.targetDir}.`, '', 'Next:'];
  if (dir !== '.') lines.push(`  cd ${/\s/.test(dir) ? JSON.stringify(dir) : dir}`);
  if (!answers.install) lines.push(`  ${run} install`);
  lines.push(
    `  ${run} dev       # local CloudFront on http://localhost:8787`,
    `  ${run} test      # every function's tests`,
  );
  if (pnpm.file !== 'pnpm') {
    lines.push(
      '',
      `pnpm is not on PATH: \`npm install -g pnpm@${PNPM_VERSION}\` makes "pnpm dev" work.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
