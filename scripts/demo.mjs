#!/usr/bin/env node
// The demo: scaffold a project with the built CLI into a temporary directory, install it, and
// serve it on the local edge runtime. Filled in with the CLI.
console.error('demo: not yet implemented');
process.exit(1);
