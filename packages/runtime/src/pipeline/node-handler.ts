/**
 * Serves the pipeline over node:http: the request body streams (only what IncludeBody exposes is
 * held in memory), the response goes out as status, headers and bytes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestBody } from './body.ts';
import { rawHeaderPairs } from './headers.ts';
import type { PipelineRequestInit, PipelineResponse } from './types.ts';

type Serve = (
  path: string,
  init: PipelineRequestInit,
  body: RequestBody,
) => Promise<PipelineResponse>;

export function createNodeHandler(
  serve: Serve,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    req.on('error', () => res.destroy());
    const address = req.socket.remoteAddress ?? '127.0.0.1';
    const declared = req.headers['content-length'];
    const declaredLength = declared === undefined ? undefined : Number(declared);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const body = RequestBody.fromStream(
      req,
      Number.isFinite(declaredLength) ? declaredLength : undefined,
      chunked || (declaredLength !== undefined && declaredLength > 0),
    );
    // Whatever the pipeline left unread is drained, so a keep-alive connection stays usable.
    res.once('finish', () => void body.discard().catch(() => {}));
    const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
    serve(
      req.url ?? '/',
      {
        method: req.method ?? 'GET',
        headers: rawHeaderPairs(req.rawHeaders),
        clientIp: address.startsWith('::ffff:') ? address.slice(7) : address,
        clientPort: req.socket.remotePort ?? 0,
        // Over TLS the protocol is certain; otherwise the pipeline's default applies.
        ...(encrypted ? { protocol: 'https' as const } : {}),
        httpVersion: req.httpVersion,
      },
      body,
    ).then(
      (response) => write(res, response),
      (error: unknown) => {
        // A bug in the pipeline itself, not a function failure (those are responses).
        console.error('edge pipeline error:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal error in the local edge pipeline; see the terminal.');
      },
    );
  };
}

function write(res: ServerResponse, response: PipelineResponse): void {
  // CloudFront closes the connection after a 413 (docs/cloudfront-rules.md#request-size-limits).
  const headers = response.closeConnection
    ? [...response.headers, ['Connection', 'close']]
    : response.headers;
  try {
    res.writeHead(response.status, response.statusText || undefined, headers.flat());
  } catch (error) {
    // A header value Node cannot put on the wire; CloudFront would have refused it too.
    res.writeHead(502, { 'Content-Type': 'text/plain', 'X-Cache': 'Error from cloudfront' });
    res.end(`Response header could not be sent: ${(error as Error).message}`);
    return;
  }
  res.end(response.body);
}
