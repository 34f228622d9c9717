/** `edge dev`: serve the functions behind a local CloudFront until q, Ctrl-C or SIGTERM. */
import { parseCommandFlags } from '../build/command-flags.ts';
import { colorEnabled } from '../color.ts';
import { devBanner } from '../dev/banner.ts';
import { listenForKeys } from '../dev/keys.ts';
import { onLauncherExit } from '../dev/parent-watch.ts';
import { DEFAULT_DEV_PORT, purgeNotice, startDev } from '../dev/session.ts';
import { ToolsError } from '../errors.ts';
import { loadProject } from '../project.ts';
import type { CommandContext } from './context.ts';

const USAGE = `Usage: edge dev [--port <n>] [--host <address>] [--no-cache] [--exact-errors]

Builds every function as \`edge build\` does, runs the bundles in Lambda-like containers and
serves them behind a local CloudFront: cache behaviors, the four triggers, the cache and the
origins from edge.config.ts. A saved source file rebuilds and reloads its function. Every
request can be inspected at <url>/__edge/: each trigger's event, result, logs and timing.

Options:
  --port <n>        port to listen on (default: dev.port in edge.config.ts, else ${DEFAULT_DEV_PORT}; 0 = any free port)
  --host <address>  address to listen on (default 127.0.0.1)
  --no-cache        send every request to the origin
  --exact-errors    CloudFront's error pages exactly as AWS sends them, without the banner
                    that links a failed request to the inspector
  --help            show this help`;

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseCommandFlags('dev', ctx.args, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'no-cache': { type: 'boolean' },
    'exact-errors': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const port = flags.port === undefined ? undefined : parsePort(flags.port);
  const started = performance.now();
  const project = await loadProject(ctx.root);
  const interactive = process.stdin.isTTY === true;
  const session = await startDev({
    project,
    loadProject: () => loadProject(ctx.root),
    port,
    host: flags.host,
    cache: flags['no-cache'] ? false : undefined,
    exactErrors: flags['exact-errors'] === true,
    color: colorEnabled(process.stdout),
  });
  console.log(
    devBanner({
      url: session.url,
      inspectorUrl: session.inspectorUrl,
      exactErrors: flags['exact-errors'] === true,
      config: project.config,
      built: session.built,
      interactive,
      startupMs: performance.now() - started,
    }),
  );
  await new Promise<void>((resolve) => {
    const stopKeys = listenForKeys(process.stdin, {
      purge: () => {
        console.log(purgeNotice(session.purge()));
      },
      quit: () => stop(),
      help: () => console.log('keys: p purge the cache · q quit'),
    });
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stopWatchingLauncher();
      stopKeys();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // `pnpm dev` stopped with SIGTERM exits without passing it on (parent-watch.ts).
    const stopWatchingLauncher = onLauncherExit(stop);
  });
  console.log('stopping…');
  await session.close();
  return 0;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ToolsError('dev', `--port ${value} is not a port number.`, {
      hint: 'Use a whole number from 0 to 65535 (0 picks a free port).',
    });
  }
  return port;
}
