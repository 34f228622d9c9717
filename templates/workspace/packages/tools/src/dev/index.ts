export { devBanner } from './banner.ts';
export { listenForKeys } from './keys.ts';
export {
  DEFAULT_DEV_PORT,
  type DevOptions,
  type DevSession,
  type ReloadEvent,
  startDev,
} from './session.ts';
export { watchSources } from './watch.ts';
