/** A yes/no question on the terminal with node:readline (the workspace has no prompt library). */
import { createInterface } from 'node:readline';
import { EdgeCancelled } from '../errors.ts';

export function confirmOnTerminal(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, output });
    let answered = false;
    // Ctrl-C at the prompt: close, which cancels below.
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      // Ctrl-C or Ctrl-D before an answer: cancel, as nothing has been changed yet.
      if (!answered) reject(new EdgeCancelled('\nCancelled; nothing was changed.'));
    });
    rl.question(`${question} [y/N] `, (answer) => {
      answered = true;
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
