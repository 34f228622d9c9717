// What miss-bounds.mjs bundles: the runtime, and the invocation channel's parts that its
// "bare channel" side drives directly (they are internal to the runtime package).
export * from '../templates/workspace/packages/runtime/src/index.ts';
export {
  CHANNEL_DEPTH,
  InvocationChannel,
} from '../templates/workspace/packages/runtime/src/invoke/invocation-channel.ts';
export { encodeInvocation } from '../templates/workspace/packages/runtime/src/invoke/invocation-text.ts';
export { takeThread } from '../templates/workspace/packages/runtime/src/invoke/thread-reserve.ts';
