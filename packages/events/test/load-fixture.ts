import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A fixture event as JSON gives it: untyped, as a function's caller would receive it. */
export function loadFixture(set: 'devguide' | 'sam-cli', name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, set, `${name}.json`), 'utf8'));
}

/** Names (without `.json`) of every event in a fixture set. */
export function fixtureNames(set: 'devguide' | 'sam-cli'): string[] {
  return readdirSync(join(FIXTURES, set))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}
