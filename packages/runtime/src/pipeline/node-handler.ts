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

export interface NodeHandlerOptions {
  /**
   * The body to write instead of the pipeline's, or undefined to keep it; Content-Length
   * follows. The dev server adds its error banner this way, after the cache, so that no cached
   * copy holds it.
   */
  replaceBody?: (response: PipelineResponse) => Uint8Array | undefined;
}

export function createNodeHandler(
  serve: Serve,
): (req: IncomingMessage, res: ServerResponse, options?: NodeHandlerOptions) => void {
  return (req, res, options) => {
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
      (response) => write(res, response, options?.replaceBody?.(response)),
      (error: unknown) => {
        // A bug in the pipeline itself, not a function failure (those are responses).
        console.error('edge pipeline error:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal error in the local edge pipeline; see the terminal.');
      },
    );
  };
}

function write(res: ServerResponse, response: PipelineResponse, replaced?: Uint8Array): void {
  const body = replaced ?? response.body;
  let headers = replaced
    ? response.headers.map(([name, value]): [string, string] =>
        name.toLowerCase() === 'content-length' ? [name, String(body.byteLength)] : [name, value],
      )
    : response.headers;
  // CloudFront closes the connection after a 413 (docs/cloudfront-rules.md#request-size-limits).
  if (response.closeConnection) headers = [...headers, ['Connection', 'close']];
  try {
    res.writeHead(response.status, response.statusText || undefined, headers.flat());
  } catch (error) {
    // A header value Node cannot put on the wire; CloudFront would have refused it too.
    res.writeHead(502, { 'Content-Type': 'text/plain', 'X-Cache': 'Error from cloudfront' });
    res.end(`Response header could not be sent: ${(error as Error).message}`);
    return;
  }
  res.end(body);
}
