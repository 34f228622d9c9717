/**
 * JSON with where each value is written: a parsed value keeps its source text, so that a merge
 * can write what it takes from a side exactly as that side wrote it (`["node"]` stays on one
 * line; a key order or spacing the owner chose stays theirs).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonNode {
  /** The value's source text, as written. */
  text: string;
  value: Json;
  /** For an object: its members in source order. */
  members?: Array<[string, JsonNode]>;
}

/** Undefined when `text` is not one JSON value (comments, a trailing comma, ...). */
export function parseJsonSource(text: string): JsonNode | undefined {
  const parser = new Parser(text);
  try {
    parser.space();
    const node = parser.value();
    parser.space();
    return parser.done() ? node : undefined;
  } catch {
    return undefined;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at === this.text.length;
  }

  space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  value(): JsonNode {
    const start = this.at;
    const char = this.text[this.at];
    if (char === '{') return this.object(start);
    if (char === '[') {
      this.skipNested('[', ']');
    } else if (char === '"') {
      this.string();
    } else {
      while (this.at < this.text.length && !/[\s,\]}]/.test(this.text[this.at] as string))
        this.at++;
    }
    const text = this.text.slice(start, this.at);
    return { text, value: JSON.parse(text) as Json };
  }

  private object(start: number): JsonNode {
    this.at++;
    const members: Array<[string, JsonNode]> = [];
    this.space();
    while (this.text[this.at] !== '}') {
      const keyStart = this.at;
      this.string();
      const key = JSON.parse(this.text.slice(keyStart, this.at)) as string;
      this.space();
      this.expect(':');
      this.space();
      members.push([key, this.value()]);
      this.space();
      if (this.text[this.at] === ',') {
        this.at++;
        this.space();
      } else if (this.text[this.at] !== '}') {
        throw new Error(`unexpected ${this.text[this.at]} at ${this.at}`);
      }
    }
    this.at++;
    const text = this.text.slice(start, this.at);
    return { text, value: JSON.parse(text) as Json, members };
  }

  private string(): void {
    this.expect('"');
    while (this.text[this.at] !== '"') {
      if (this.at >= this.text.length) throw new Error('unterminated string');
      this.at += this.text[this.at] === '\\' ? 2 : 1;
    }
    this.at++;
  }

  /** An array, taken whole: arrays merge as one value. */
  private skipNested(open: string, close: string): void {
    let depth = 0;
    do {
      const char = this.text[this.at];
      if (char === '"') {
        this.string();
        continue;
      }
      if (char === open) depth++;
      else if (char === close) depth--;
      if (this.at >= this.text.length) throw new Error('unterminated array');
      this.at++;
    } while (depth > 0);
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) throw new Error(`expected ${char} at ${this.at}`);
    this.at++;
  }
}
