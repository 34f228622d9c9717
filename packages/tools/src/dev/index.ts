export { devBanner } from './banner.ts';
export type { ReloadEvent } from './generation.ts';
export { listenForKeys } from './keys.ts';
export { DEFAULT_DEV_PORT, type DevOptions, type DevSession, startDev } from './session.ts';
export { watchFile, watchSources } from './watch.ts';
