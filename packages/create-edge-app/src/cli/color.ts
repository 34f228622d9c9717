/**
 * Colour in the CLI's output, by the rule Node.js applies to its own (and the `edge` command
 * to its, in @edge-app/tools): `FORCE_COLOR` wins (`0` or `false` turns colour off, any other
 * value on), then `NO_COLOR` (https://no-color.org: set and not empty turns it off), then
 * `NODE_DISABLE_COLORS`, else colour only on a terminal whose TERM is not `dumb`.
 */
import { Writable } from 'node:stream';

export function colorEnabled(
  stream: { isTTY?: boolean | undefined },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.NODE_DISABLE_COLORS) return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

// SGR sequences (colour, bold, dim, ...): what colour adds; cursor movement stays.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * `target` without colour, for the prompts: @clack/prompts colours with node:util's styleText,
 * which on Node.js 20 ignores NO_COLOR. Size, terminal-ness and resizes are the target's.
 */
export function withoutColor(target: NodeJS.WriteStream): Writable {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      target.write(String(chunk).replace(SGR, ''), done);
    },
  });
  Object.defineProperties(stream, {
    isTTY: { get: () => target.isTTY },
    columns: { get: () => target.columns },
    rows: { get: () => target.rows },
  });
  target.on('resize', () => stream.emit('resize'));
  return stream;
}
