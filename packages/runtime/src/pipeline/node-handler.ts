/** Serves the pipeline over node:http: reads the whole body, writes status, headers and bytes. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawHeaderPairs } from './headers.ts';
import type { Pipeline } from './index.ts';
import type { PipelineResponse } from './types.ts';

export function createNodeHandler(
  run: Pipeline['request'],
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const address = req.socket.remoteAddress ?? '127.0.0.1';
      run(req.url ?? '/', {
        method: req.method ?? 'GET',
        headers: rawHeaderPairs(req.rawHeaders),
        body: Buffer.concat(chunks),
        clientIp: address.startsWith('::ffff:') ? address.slice(7) : address,
        protocol: 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http',
        httpVersion: req.httpVersion,
      }).then(
        (response) => write(res, response),
        (error: unknown) => {
          // A bug in the pipeline itself, not a function failure (those are responses).
          console.error('edge pipeline error:', error);
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end('Internal error in the local edge pipeline; see the terminal.');
        },
      );
    });
  };
}

function write(res: ServerResponse, response: PipelineResponse): void {
  try {
    res.writeHead(response.status, response.statusText || undefined, response.headers.flat());
  } catch (error) {
    // A header value Node cannot put on the wire; CloudFront would have refused it too.
    res.writeHead(502, { 'Content-Type': 'text/plain', 'X-Cache': 'Error from cloudfront' });
    res.end(`Response header could not be sent: ${(error as Error).message}`);
    return;
  }
  res.end(response.body);
}
