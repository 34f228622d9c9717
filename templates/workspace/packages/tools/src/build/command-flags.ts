/** Flag parsing shared by `edge build` and `edge size`: unknown flags name the valid ones. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EdgeUserError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandFlags<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const valid = Object.entries(options)
      .map(([name, option]) => `--${name}${option.type === 'string' ? ' <value>' : ''}`)
      .join(', ');
    throw new EdgeUserError(
      `edge ${command}: ${(error as Error).message.split('\n')[0]}`,
      `Valid options: ${valid}.`,
    );
  }
}
