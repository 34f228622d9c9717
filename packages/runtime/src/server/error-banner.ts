/**
 * `edge dev`'s banner on CloudFront's own error pages ("The request could not be satisfied"):
 * CloudFront's page stays as AWS sends it, status and headers included, and one element is added
 * before `</BODY>`, linking to the request in the inspector. Only CloudFront's pages get it, never
 * a page the origin or a function wrote, and it is added as the response goes out, so no cached
 * copy holds it. `edge dev --exact-errors` turns it off.
 */
import type { PipelineResponse } from '../pipeline/types.ts';

/** The banner's element id, for tests and for anyone who wants to hide it with a stylesheet. */
export const BANNER_ID = 'edge-dev-banner';

/** CloudFront's page title (pipeline/error-page.ts); a page without it is not CloudFront's. */
const CLOUDFRONT_TITLE = '<TITLE>ERROR: The request could not be satisfied</TITLE>';
const BODY_END = '</BODY></HTML>';

/** The page with the banner, or undefined to send the response as it is. */
export function withErrorBanner(
  response: PipelineResponse,
  inspectorPath: string,
): Uint8Array | undefined {
  const { trace } = response;
  if (response.status < 400 || response.body.byteLength === 0) return undefined;
  if (!trace.error || trace.customError) return undefined;
  // The page is Latin-1 (its META says iso-8859-1), as CloudFront sends it.
  const page = Buffer.from(response.body).toString('latin1');
  const end = page.lastIndexOf(BODY_END);
  if (!page.includes(CLOUDFRONT_TITLE) || end === -1) return undefined;
  return Buffer.from(
    page.slice(0, end) + banner(response, inspectorPath) + page.slice(end),
    'latin1',
  );
}

function banner(response: PipelineResponse, inspectorPath: string): string {
  const { error, requestId } = response.trace;
  const where = error?.functionName ? `${error.step} ${error.functionName}` : (error?.step ?? '');
  const rule = error ? ` ${where}: ${error.errorType} [${error.rule}].` : '';
  const href = `${inspectorPath}#/requests/${encodeURIComponent(requestId)}`;
  // ASCII only, so the Latin-1 page reads the same in any charset; inline style, since the page
  // has no stylesheet of its own.
  return `<DIV id="${BANNER_ID}" style="margin:16px 0;padding:8px 12px;border:1px solid #c60;background:#fff4e5;font:14px sans-serif">edge dev:${escapeHtml(rule)} <A href="${escapeHtml(href)}">See this request in the inspector</A> (shown by pnpm dev only; --exact-errors hides it).</DIV>\n`;
}

function escapeHtml(value: string): string {
  return value.replace(/[^\x20-\x7e]|[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
