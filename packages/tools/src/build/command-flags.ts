/** Flag parsing shared by the commands: an unknown or malformed flag names the valid ones. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ToolsError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type FlagValues<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: T;
    strict: true;
    allowPositionals: true;
    tokens: true;
  }>
>;

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
    throw usageError(command, options, error, valueHints);
  }
}

/**
 * Like `parseCommandFlags`, for commands that also take arguments (`edge logs <function>`):
 * the values, the positionals, and the tokens that say where each came.
 */
export function parseCommandLine<T extends Options>(
  command: string,
  args: string[],
  options: T,
  { valueHints = true } = {},
): Parsed<T> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw usageError(command, options, error, valueHints);
  }
}

function usageError(
  command: string,
  options: Options,
  error: unknown,
  valueHints: boolean,
): ToolsError {
  const valid = Object.entries(options)
    .map(([name, option]) => `--${name}${valueHints && option.type === 'string' ? ' <value>' : ''}`)
    .join(', ');
  // parseArgs adds advice about `--` when positionals are allowed; the hint below is the advice.
  const message = (error as Error).message
    .split('\n')[0]
    ?.replace(/\. To specify a positional.*$/, '.');
  return new ToolsError('usage', `edge ${command}: ${message}`, {
    hint: `Valid options: ${valid}.`,
  });
}
