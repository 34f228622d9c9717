import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeConfig } from '../../src/config.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { startEdgeServer } from '../../src/server/index.ts';

/** A real origin on 127.0.0.1 with an ephemeral port. */
export async function startOrigin(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; requests: number; close(): Promise<void> }> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port nothing listens on: bind, note the port, close. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function binaryPayload(size = 4096): Buffer {
  // Every byte value, including ones that are not valid UTF-8.
  return Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256));
}

/** The dev server over a pipeline of `config`; both are closed by the test's `cleanups`. */
export async function serveConfig(
  config: EdgeConfig,
  functions: Parameters<typeof createPipeline>[0]['functions'],
  cleanups: Array<() => unknown>,
) {
  const pipeline = createPipeline({ config, functions, root: process.cwd() });
  const server = await startEdgeServer({ pipeline });
  cleanups.push(
    () => pipeline.close(),
    () => server.close(),
  );
  return { pipeline, server };
}
