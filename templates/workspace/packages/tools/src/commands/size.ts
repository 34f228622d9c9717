import type { CommandContext } from '../cli.ts';
import { EdgeUserError } from '../errors.ts';

export async function run(_ctx: CommandContext): Promise<number> {
  throw new EdgeUserError('`edge size` is not implemented yet.');
}
