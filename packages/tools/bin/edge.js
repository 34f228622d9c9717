#!/usr/bin/env node
// The `edge` command of a create-edge-app workspace (src/cli.ts, built into dist/).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
