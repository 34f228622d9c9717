/** Flag parsing shared by the commands: an unknown or malformed flag names the valid ones. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EdgeUserError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `valueHints: false` lists the options by bare name (`--stage, --yes`), as `edge deploy` and
 * `edge destroy` do; otherwise options that take a value show it (`--stage <value>`).
 */
export function parseCommandFlags<T extends Options>(
  command: string,
  args: string[],
  options: T,
  { valueHints = true } = {},
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const valid = Object.entries(options)
      .map(
        ([name, option]) => `--${name}${valueHints && option.type === 'string' ? ' <value>' : ''}`,
      )
      .join(', ');
    throw new EdgeUserError(
      `edge ${command}: ${(error as Error).message.split('\n')[0]}`,
      `Valid options: ${valid}.`,
    );
  }
}
