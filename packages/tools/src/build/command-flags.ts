/** Flag parsing shared by the commands: an unknown or malformed flag names the valid ones. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ToolsError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type FlagValues<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/**
 * `valueHints: false` lists the options by bare name (`--stage, --yes`), as `edge deploy` and
 * `edge destroy` do; otherwise options that take a value show it (`--stage <value>`).
 */
export function parseCommandFlags<T extends Options>(
  command: string,
  args: string[],
  options: T,
  { valueHints = true } = {},
): FlagValues<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const valid = Object.entries(options)
      .map(
        ([name, option]) => `--${name}${valueHints && option.type === 'string' ? ' <value>' : ''}`,
      )
      .join(', ');
    throw new ToolsError('usage', `edge ${command}: ${(error as Error).message.split('\n')[0]}`, {
      hint: `Valid options: ${valid}.`,
    });
  }
}
