/**
 * Whether output to a stream gets colour, the way Node.js decides it for its own output:
 * `FORCE_COLOR` wins (`0` or `false` turns colour off, any other value on), then `NO_COLOR`
 * (https://no-color.org: set and not empty turns it off), then `NODE_DISABLE_COLORS`, else
 * colour only on a terminal whose TERM is not `dumb`.
 */
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
