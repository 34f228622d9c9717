/**
 * Values as TypeScript source, the way edge.config.ts is written by hand: single quotes, bare
 * keys where they are identifiers, a short object or list on one line, a longer one on a line
 * per entry with trailing commas.
 */

export const LINE_WIDTH = 100;
const STEP = '  ';

/**
 * `value` as source text for a place indented by `indent`, where `column` characters of the
 * line (indent, key, colon) come before it.
 */
export function renderValue(value: unknown, indent: string, column = indent.length): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const entries = value.map((item) => renderValue(item, indent + STEP));
    return block('[', ']', entries, indent, column);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => {
        const name = renderKey(key);
        return `${name}: ${renderValue(item, indent + STEP, indent.length + STEP.length + name.length + 2)}`;
      });
    if (entries.length === 0) return '{}';
    return block('{ ', ' }', entries, indent, column, '{', '}');
  }
  throw new Error(`cannot write ${typeof value} into edge.config.ts`);
}

function block(
  open: string,
  close: string,
  entries: string[],
  indent: string,
  column: number,
  openLong = open,
  closeLong = close,
): string {
  const inline = `${open}${entries.join(', ')}${close}`;
  // One line when it fits after what precedes it, with room for a trailing comma.
  if (!inline.includes('\n') && column + inline.length + 1 <= LINE_WIDTH) return inline;
  const inner = indent + STEP;
  return `${openLong}\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${indent}${closeLong}`;
}

/** A property key: bare when it is an identifier, quoted otherwise (`'viewer-request'`). */
export function renderKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
