/**
 * The 3-way merge of a JSON file (package.json, tsconfig.json, ...) by key rather than by line:
 * a script, a dependency or any field added or changed on one side is taken, whatever sits on
 * the lines next to it; only both sides changing one key differently is a conflict, and it
 * names that key. Objects merge key by key, all the way down; anything else (strings, numbers,
 * arrays) is one value.
 *
 * What is taken from a side is written as that side wrote it (json-source.ts); an object that
 * takes from both is laid out one key per line with the owner's indentation, in the owner's
 * key order, a key the template adds going after the key it follows in the template.
 */
import { type JsonNode, parseJsonSource } from './json-source.ts';
import type { ConflictStyle, MergeLabels } from './text.ts';

/** A key both sides changed differently: either side may have deleted it. */
interface Conflict {
  kind: 'conflict';
  base: JsonNode | undefined;
  ours: JsonNode | undefined;
  theirs: JsonNode | undefined;
}

type Merged = { kind: 'taken'; node: JsonNode } | Conflict | MergedObject;
interface MergedObject {
  kind: 'object';
  entries: Array<[string, Merged]>;
}

export interface JsonMergeResult {
  merged: Buffer;
  /** The conflicted keys, as dotted paths (`scripts.test`). */
  conflicts: string[];
  /** With the `rej` style: what the template changed at each conflicted key. */
  rejected?: string;
}

/**
 * Undefined when a side is not a JSON object (then it is merged as text). `base` is absent
 * when both sides created the file: every key either side has is kept, and a key both have
 * with different values is a conflict.
 */
export function mergeJson(
  sides: { base?: Buffer | undefined; ours: Buffer; theirs: Buffer },
  labels: MergeLabels,
  style: ConflictStyle,
): JsonMergeResult | undefined {
  const base = sides.base ? parseJsonSource(sides.base.toString('utf8')) : EMPTY;
  const text = sides.ours.toString('utf8');
  const ours = parseJsonSource(text);
  const theirs = parseJsonSource(sides.theirs.toString('utf8'));
  if (!base?.members || !ours?.members || !theirs?.members) return undefined;
  const merged = mergeValues(base, ours, theirs) as Merged;
  const conflicts: Array<[string, Conflict]> = [];
  collectConflicts(merged, [], conflicts);
  const printer = new Printer(indentOf(text), labels, style);
  const body = printer.print(merged, 0);
  const result: JsonMergeResult = {
    merged: Buffer.from(text.endsWith('\n') ? `${body}\n` : body),
    conflicts: conflicts.map(([name]) => name),
  };
  if (style === 'rej' && conflicts.length > 0) {
    result.rejected = conflicts
      .map(
        ([name, c]) =>
          `${name}: the template changed ${show(c.base)} to ${show(c.theirs)}; yours, ${show(c.ours)}, is kept.\n`,
      )
      .join('');
  }
  return result;
}

const EMPTY: JsonNode = { text: '{}', value: {}, members: [] };

function same(a: JsonNode | undefined, b: JsonNode | undefined): boolean {
  return JSON.stringify(a?.value) === JSON.stringify(b?.value);
}

function mergeValues(
  base: JsonNode | undefined,
  ours: JsonNode | undefined,
  theirs: JsonNode | undefined,
): Merged | undefined {
  if (same(ours, theirs)) return ours && { kind: 'taken', node: ours };
  if (same(ours, base)) return theirs && { kind: 'taken', node: theirs };
  if (same(theirs, base)) return ours && { kind: 'taken', node: ours };
  if (ours?.members && theirs?.members && (base === undefined || base.members)) {
    return mergeObjects(base ?? EMPTY, ours, theirs);
  }
  return { kind: 'conflict', base, ours, theirs };
}

function mergeObjects(base: JsonNode, ours: JsonNode, theirs: JsonNode): MergedObject {
  const member = (node: JsonNode, key: string) => node.members?.find(([k]) => k === key)?.[1];
  const keys = (ours.members ?? []).map(([key]) => key);
  const theirKeys = (theirs.members ?? []).map(([key]) => key);
  theirKeys.forEach((key, index) => {
    if (keys.includes(key)) return;
    const after = theirKeys
      .slice(0, index)
      .reverse()
      .find((previous) => keys.includes(previous));
    keys.splice(after === undefined ? 0 : keys.indexOf(after) + 1, 0, key);
  });
  for (const [key] of base.members ?? []) if (!keys.includes(key)) keys.push(key);
  const entries: Array<[string, Merged]> = [];
  for (const key of keys) {
    const value = mergeValues(member(base, key), member(ours, key), member(theirs, key));
    if (value) entries.push([key, value]);
  }
  return { kind: 'object', entries };
}

function collectConflicts(value: Merged, path: string[], into: Array<[string, Conflict]>): void {
  if (value.kind === 'conflict') into.push([path.join('.'), value]);
  else if (value.kind === 'object') {
    for (const [key, child] of value.entries) collectConflicts(child, [...path, key], into);
  }
}

function indentOf(text: string): string {
  return /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
}

function show(node: JsonNode | undefined): string {
  return node === undefined ? '(nothing)' : JSON.stringify(node.value);
}

/** Merged values as text; conflicted keys as marked regions, or as the owner's (`rej`). */
class Printer {
  constructor(
    private readonly indent: string,
    private readonly labels: MergeLabels,
    private readonly style: ConflictStyle,
  ) {}

  print(value: Merged, depth: number): string {
    if (value.kind === 'taken') return value.node.text;
    if (value.kind === 'conflict') return value.ours?.text ?? 'null';
    return this.object(value, depth);
  }

  private object(value: MergedObject, depth: number): string {
    const entries = value.entries.filter(
      ([, child]) => !(child.kind === 'conflict' && this.style === 'rej' && !child.ours),
    );
    if (entries.length === 0) return '{}';
    const pad = this.indent.repeat(depth + 1);
    const lines: string[] = [];
    entries.forEach(([key, child], index) => {
      const comma = index < entries.length - 1 ? ',' : '';
      const entry = (text: string) => `${pad}${JSON.stringify(key)}: ${text}${comma}`;
      if (child.kind !== 'conflict') lines.push(entry(this.print(child, depth + 1)));
      else if (this.style === 'rej') lines.push(entry(child.ours?.text ?? 'null'));
      else {
        lines.push(`<<<<<<< ${this.labels.ours}`);
        if (child.ours) lines.push(entry(child.ours.text));
        lines.push('=======');
        if (child.theirs) lines.push(entry(child.theirs.text));
        lines.push(`>>>>>>> ${this.labels.theirs}`);
      }
    });
    return `{\n${lines.join('\n')}\n${this.indent.repeat(depth)}}`;
  }
}
