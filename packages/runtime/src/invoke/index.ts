/**
 * Runs a Lambda@Edge handler locally as CloudFront and Lambda would: in its own container (an
 * operating-system process, Node.js or Python), with the event type's time and memory limits
 * enforced, and the result checked by CloudFront's validation rules.
 *
 * `invoke()` is a one-shot cold start; `createFunction()` keeps containers warm between events.
 * A handler passed as a function runs in-process (see inline-container.ts for what that gives up).
 */
import type { AnyEvent } from '@edge-app/events';
import { createFunction } from './function.ts';
import type { HandlerRef, InvokeOptions, InvokeOutcome } from './types.ts';

export { setContainerGlobals } from './container.ts';
export { RuntimeSetupError } from './errors.ts';
export { createFunction, localContainerLimit } from './function.ts';
export {
  DEFAULT_NODE_RUNTIME,
  type FetchNodeOptions,
  fetchNode,
  NODE_RUNTIMES,
  type NodeBinary,
  type NodeRuntime,
  nodeCacheDir,
  nodePackageName,
  resolveNodeBinary,
} from './node-runtime.ts';
export { formatNotice } from './notices.ts';
export { CALLBACK_WARNING } from './outcome.ts';
export { detectEventType } from './settings.ts';
export type {
  CreateFunctionOptions,
  EdgeFunction,
  ErrorOutcome,
  ErrorType,
  FunctionNotice,
  HandlerRef,
  InvokeOptions,
  InvokeOutcome,
  LogLine,
} from './types.ts';

export async function invoke(
  handler: HandlerRef,
  event: AnyEvent,
  options: InvokeOptions = {},
): Promise<InvokeOutcome> {
  const fn = createFunction(handler, options);
  try {
    return await fn.invoke(event);
  } finally {
    await fn.dispose();
  }
}
