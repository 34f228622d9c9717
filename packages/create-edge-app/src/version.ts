/**
 * The CLI's own name and version. build.mjs replaces `__CLI_VERSION__` with the version from
 * package.json; run from source (unit tests) it is a dev marker.
 */
declare const __CLI_VERSION__: string | undefined;

export const GENERATOR_NAME = 'create-edge-app';
export const GENERATOR_VERSION: string =
  typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0-dev';
