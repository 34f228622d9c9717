/**
 * `edge <command>`: the workspace's tool. Each command is loaded only when it runs, so
 * `edge --help` does not import esbuild, the AWS SDK or the dev server.
 */
import type { CommandContext } from './commands/context.ts';
import { EdgeCancelled, ToolsError } from './errors.ts';
import { workspaceRoot } from './project.ts';

export type { CommandContext };

type Command = {
  summary: string;
  load: () => Promise<{ run(ctx: CommandContext): Promise<number> }>;
};

const commands: Record<string, Command> = {
  dev: {
    summary: 'serve the functions behind a local CloudFront',
    load: () => import('./commands/dev.ts'),
  },
  build: {
    summary: 'bundle, zip and size-check every function',
    load: () => import('./commands/build.ts'),
  },
  size: {
    summary: 'report bundle and zip sizes against the limits',
    load: () => import('./commands/size.ts'),
  },
  deploy: {
    summary: 'publish the functions and associate them with the distribution',
    load: () => import('./commands/deploy.ts'),
  },
  destroy: {
    summary: 'remove the associations from the distribution',
    load: () => import('./commands/destroy.ts'),
  },
  logs: {
    summary: "print the functions' logs from every region, in time order",
    load: () => import('./commands/logs.ts'),
  },
  invoke: {
    summary: 'run one function once, as pnpm dev would, and show what CloudFront does next',
    load: () => import('./commands/invoke.ts'),
  },
  pull: {
    summary: "write the distribution's settings into edge.config.ts for `pnpm dev`",
    load: () => import('./commands/pull.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`);
  return `Usage: edge <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`edge <command> --help\` for a command's options.`;
}

export async function main(argv: string[], root = workspaceRoot(process.cwd())): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = commands[name];
  try {
    if (!command)
      throw new ToolsError('usage', `Unknown command "${name}".`, {
        hint: `Use one of: ${Object.keys(commands).join(', ')}.`,
      });
    const module = await command.load();
    return await module.run({ root, args });
  } catch (error) {
    if (error instanceof EdgeCancelled) {
      console.error(error.message || 'Cancelled; nothing was changed.');
      return 0;
    }
    if (error instanceof ToolsError) {
      console.error(`✖ ${error.message}`);
      if (error.hint) console.error(`  ${error.hint}`);
      return error.exitCode;
    }
    throw error;
  }
}
