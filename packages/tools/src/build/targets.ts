/**
 * What the bundles are built for. Deploy reuses these so that the runtime a function is
 * published with is the one its bundle was compiled for.
 *
 * Lambda@Edge accepts only AWS-managed Node.js and Python runtimes on x86_64
 * (docs/cloudfront-rules.md#runtimes, "Restrictions on Lambda@Edge"). nodejs22.x is the newest
 * Node.js runtime the Lambda@Edge restrictions page has listed explicitly; nodejs24.x at the edge
 * is unconfirmed and drops callback handlers (docs/cloudfront-rules.md#handler-styles).
 */
export const NODE_RUNTIME = 'nodejs22.x';
/** The esbuild `target` matching NODE_RUNTIME. */
export const ESBUILD_TARGET = 'node22';
/** Newest Python runtime the Lambda@Edge restrictions page listed explicitly (docs/cloudfront-rules.md#runtimes). */
export const PYTHON_RUNTIME = 'python3.13';
/** The Lambda `Handler` setting: file `index.mjs` (or `index.py`), export `handler`. */
export const LAMBDA_HANDLER = 'index.handler';
