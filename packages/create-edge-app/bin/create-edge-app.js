#!/usr/bin/env node
// Checks the Node.js version before loading anything else, so an old Node gets a clear
// message instead of a syntax error from the bundle. Kept to syntax every Node parses.
var MINIMUM = [20, 12];
var parts = process.versions.node.split('.').map(Number);
var tooOld = parts[0] < MINIMUM[0] || (parts[0] === MINIMUM[0] && parts[1] < MINIMUM[1]);
if (tooOld) {
  console.error(
    'create-edge-app needs Node.js ' +
      MINIMUM.join('.') +
      ' or newer; this is Node.js ' +
      process.versions.node +
      '.\n' +
      'Install the current LTS from https://nodejs.org (or run `nvm install --lts`), then try again.',
  );
  process.exitCode = 1;
} else {
  import('../dist/index.js').then((cli) =>
    cli.main(process.argv.slice(2)).then((code) => {
      process.exitCode = code;
    }),
  );
}
