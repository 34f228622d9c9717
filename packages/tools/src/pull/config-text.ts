/**
 * A pull plan written into edge.config.ts's text: only what changes is touched, one property
 * at a time (object-edit.ts), so the owner's comments, the function associations and every
 * setting pull does not own stay as they are, and a second pull of the same distribution
 * changes nothing. What is built in code rather than written as a literal cannot be edited
 * safely and is refused.
 */
import type { BehaviorConfig, EdgeConfig, OriginConfig } from '@edge-app/runtime';
import { ToolsError } from '../errors.ts';
import { findConfigObject } from '../scaffold/config-edit.ts';
import {
  arrayElements,
  findProperties,
  indentationAt,
  maskNonCode,
  matchingBrace,
  matchingBracket,
  stringLiteralAt,
} from '../scaffold/source-scan.ts';
import { same } from './compare.ts';
import type { PlannedBehavior, PullPlan } from './merge.ts';
import { propertySpan, removeProperty, renameProperty, setProperty } from './object-edit.ts';
import { PULLED_BEHAVIOR_FIELDS } from './remote-behavior.ts';
import { LINE_WIDTH, renderValue } from './render.ts';

export function writePlan(source: string, local: EdgeConfig, plan: PullPlan): string {
  let text = source;
  const origins = (t: string) => objectProperty(t, configObject(t), 'origins', '`origins`');

  for (const origin of plan.origins) {
    const before = origin.from ? local.origins[origin.from.name] : local.origins[origin.name];
    if (origin.from?.rename)
      text = renameProperty(text, origins(text), origin.from.name, origin.name);
    if (before && (!origin.from || origin.from.rename)) {
      text = editFields(
        text,
        (t) => objectProperty(t, origins(t), origin.name, `origins.${origin.name}`),
        before as unknown as Record<string, unknown>,
        origin.value as unknown as Record<string, unknown>,
      );
    } else {
      text = setProperty(text, origins(text), origin.name, plainOrigin(origin.value));
    }
  }
  for (const name of plan.removedOrigins) text = removeProperty(text, origins(text), name);

  text = setTopLevel(text, local, 'originGroups', plan.originGroups, ['origins']);
  text = editFields(
    text,
    (t) => objectProperty(t, configObject(t), 'defaultBehavior', '`defaultBehavior`'),
    local.defaultBehavior as Record<string, unknown>,
    plan.defaultBehavior.value as unknown as Record<string, unknown>,
    PULLED_BEHAVIOR_FIELDS,
  );
  text = writeBehaviors(text, local, plan.behaviors);
  text = setTopLevel(text, local, 'customErrorResponses', plan.customErrorResponses, [
    'behaviors',
    'defaultBehavior',
  ]);
  return setTopLevel(text, local, 'defaultRootObject', plan.defaultRootObject, [
    'originGroups',
    'origins',
  ]);
}

function configObject(text: string): number {
  return findConfigObject(maskNonCode(text));
}

function notLiteral(what: string): ToolsError {
  return new ToolsError(
    'config',
    `edge.config.ts builds ${what} in code rather than writing it as an object literal, so \`edge pull\` cannot edit it safely. Nothing was written.`,
    {
      hint: `Write ${what} as a literal ({ ... } or [ ... ]), or copy the settings from \`edge pull --dry-run\` by hand.`,
    },
  );
}

/** The `{` of the object literal that is the value of `key` in the object at `open`. */
function objectProperty(text: string, open: number, key: string, what: string): number {
  const masked = maskNonCode(text);
  const span = propertySpan(text, masked, open, key);
  if (!span || masked[span.valueStart] !== '{') throw notLiteral(what);
  return span.valueStart;
}

/**
 * The fields of one object literal that differ between `before` (as loaded) and `after` set,
 * added (after the fields before it, in `fields` order) or removed; `fields` limits which are
 * looked at. A one-line object that grows past the line width is laid out again.
 */
function editFields(
  text: string,
  locate: (text: string) => number,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[] = [...new Set([...Object.keys(before), ...Object.keys(after)])],
): string {
  let out = text;
  fields.forEach((field, index) => {
    const unchanged =
      same(before[field], after[field]) &&
      (before[field] === undefined) === (after[field] === undefined);
    if (unchanged) return;
    const open = locate(out);
    const present = findProperties(out, maskNonCode(out), open, field).length > 0;
    // A value that came from a spread or a variable is not the literal's to change.
    if (before[field] !== undefined && !present) throw notLiteral(`the \`${field}\` it sets there`);
    const anchors = [...fields.slice(0, index).reverse(), 'pathPattern'];
    out = setProperty(out, open, field, after[field], anchors);
  });
  return out === text ? out : reflow(out, locate(out), after);
}

/**
 * The object literal at `open` written out again from `value` when it is on one line that has
 * grown past the line width, and holds nothing but data (no comment, no function).
 */
function reflow(text: string, open: number, value: Record<string, unknown>): string {
  const masked = maskNonCode(text);
  const close = matchingBrace(masked, open);
  const lineStart = text.lastIndexOf('\n', open) + 1;
  const lineEnd = text.indexOf('\n', close);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const literal = text.slice(open, close + 1);
  const plain =
    !literal.includes('\n') &&
    !literal.includes('//') &&
    !literal.includes('/*') &&
    !Object.values(value).some((v) => typeof v === 'function');
  if (!plain || line.length <= LINE_WIDTH) return text;
  const rendered = renderValue(value, indentationAt(text, open), open - lineStart);
  return `${text.slice(0, open)}${rendered}${text.slice(close + 1)}`;
}

function setTopLevel<K extends keyof EdgeConfig>(
  text: string,
  local: EdgeConfig,
  key: K,
  value: EdgeConfig[K] | undefined,
  after: string[],
): string {
  if (same(local[key], value) && (local[key] === undefined) === (value === undefined)) return text;
  const open = configObject(text);
  const present = findProperties(text, maskNonCode(text), open, key).length > 0;
  if (local[key] !== undefined && !present) throw notLiteral(`\`${key}\``);
  return setProperty(text, open, key, value, after);
}

/** An origin as data to write: a handler origin cannot be, and is never new or copied. */
function plainOrigin(origin: OriginConfig): unknown {
  if ('handler' in origin) throw new Error('a handler origin cannot be written as text');
  return origin;
}

/**
 * The behaviors: each one that stays is edited in place; when behaviors are added, removed or
 * reordered, the array is laid out again from the edited elements (each with the comment
 * lines above it and the comment that ends its line) and the new ones.
 */
function writeBehaviors(text: string, local: EdgeConfig, planned: PlannedBehavior[]): string {
  const localBehaviors = local.behaviors ?? [];
  let out = text;
  const elementOpen = (t: string, index: number) => {
    const elements = behaviorElements(t, localBehaviors);
    return elements[index]!.start;
  };
  for (const behavior of planned) {
    if (behavior.localIndex === undefined || behavior.settings === undefined) continue;
    const index = behavior.localIndex;
    out = editFields(
      out,
      (t) => elementOpen(t, index),
      localBehaviors[index] as unknown as Record<string, unknown>,
      behavior.value as unknown as Record<string, unknown>,
      PULLED_BEHAVIOR_FIELDS,
    );
  }
  const unchanged =
    planned.length === localBehaviors.length && planned.every((b, i) => b.localIndex === i);
  if (unchanged) return out;
  const values = planned.map((b) => b.value);
  if (local.behaviors === undefined || localBehaviors.length === 0) {
    return setTopLevel(out, local, 'behaviors', values, ['defaultBehavior']);
  }
  return relayBehaviors(out, localBehaviors, planned);
}

/** The behaviors array's elements, checked to be the loaded behaviors' literals in order. */
function behaviorElements(
  text: string,
  localBehaviors: BehaviorConfig[],
): Array<{ start: number; end: number }> {
  const masked = maskNonCode(text);
  const span = propertySpan(text, masked, configObject(text), 'behaviors');
  if (!span || masked[span.valueStart] !== '[') throw notLiteral('`behaviors`');
  const elements = arrayElements(masked, span.valueStart);
  const literal =
    elements.length === localBehaviors.length &&
    elements.every((element, i) => {
      if (masked[element.start] !== '{') return false;
      const pattern = findProperties(text, masked, element.start, 'pathPattern')[0];
      return (
        pattern !== undefined &&
        stringLiteralAt(text, pattern.valueStart) === localBehaviors[i]?.pathPattern
      );
    });
  if (!literal) throw notLiteral('`behaviors`');
  return elements;
}

function relayBehaviors(
  text: string,
  localBehaviors: BehaviorConfig[],
  planned: PlannedBehavior[],
): string {
  const elements = behaviorElements(text, localBehaviors);
  const masked = maskNonCode(text);
  const span = propertySpan(text, masked, configObject(text), 'behaviors')!;
  const open = span.valueStart;
  const close = matchingBracket(masked, open);
  const closeIndent = indentationAt(text, close);
  const indent = `${indentationAt(text, span.keyStart)}  `;

  const chunks: Array<{ comments: string[]; body: string; trailing: string }> = [];
  let from = open + 1;
  for (const element of elements) {
    let after = element.end;
    while (text[after] === ' ' || text[after] === '\t') after++;
    if (masked[after] === ',') after++;
    const lineEnd = text.indexOf('\n', after);
    const endsLine =
      lineEnd !== -1 && lineEnd < close && masked.slice(after, lineEnd).trim() === '';
    chunks.push({
      comments: commentLines(text.slice(from, element.start)),
      body: reindent(
        text.slice(element.start, element.end),
        indentationAt(text, element.start),
        indent,
      ),
      trailing: endsLine ? text.slice(after, lineEnd).trimEnd() : '',
    });
    from = endsLine ? lineEnd : after;
  }
  const closing = commentLines(text.slice(from, close));

  const lines: string[] = [];
  let orphans: string[] = [];
  const used = new Set(planned.map((b) => b.localIndex));
  chunks.forEach((chunk, i) => {
    if (!used.has(i)) orphans.push(...chunk.comments);
  });
  for (const behavior of planned) {
    const chunk = behavior.localIndex === undefined ? undefined : chunks[behavior.localIndex];
    for (const comment of [...orphans, ...(chunk?.comments ?? [])])
      lines.push(`${indent}${comment}`);
    orphans = [];
    lines.push(
      chunk
        ? `${indent}${chunk.body},${chunk.trailing}`
        : `${indent}${renderValue(behavior.value, indent)},`,
    );
  }
  for (const comment of [...orphans, ...closing]) lines.push(`${indent}${comment}`);
  const body = lines.length > 0 ? `[\n${lines.join('\n')}\n${closeIndent}]` : '[]';
  return `${text.slice(0, open)}${body}${text.slice(close + 1)}`;
}

/** The comments in a stretch of text between elements, one per line, trimmed. */
function commentLines(stretch: string): string[] {
  return stretch
    .split('\n')
    .map((line) => line.trim().replace(/^,\s*/, ''))
    .filter((line) => line !== '');
}

/** An element's text moved from one indentation to another (its later lines follow). */
function reindent(body: string, from: string, to: string): string {
  if (from === to) return body;
  return body
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(from) ? to + line.slice(from.length) : line))
    .join('\n');
}
