/**
 * The starter catalogue of the packed template, through the tools package's own
 * `listStarters()` so that the CLI and `pnpm gen trigger` agree on what a starter is.
 * listStarters reads a directory, so the starters' manifests are written to a scratch
 * directory for the one call (a few small files) and removed again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  listStarters,
  type StarterInfo,
} from '../../../../templates/workspace/packages/tools/src/scaffold/starters.ts';
import type { PackedTemplate } from './pack.ts';

export type { StarterInfo };

export const STARTERS_PATH = 'packages/tools/starters/';

export function starterCatalogue(template: PackedTemplate): StarterInfo[] {
  const scratch = mkdtempSync(join(tmpdir(), 'create-edge-app-starters-'));
  try {
    for (const [path, file] of Object.entries(template.files)) {
      if (!path.startsWith(STARTERS_PATH) || !path.endsWith('/package.json')) continue;
      const target = join(scratch, path.slice(STARTERS_PATH.length));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    return listStarters(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
