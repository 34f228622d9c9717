/**
 * Maps a position in a bundle back to its source through the bundle's source map (v3,
 * https://tc39.es/ecma426/). The bundle checks run on esbuild's output, where comments and
 * dead code are gone, and report the place in the owner's code with this.
 */
export interface RawSourceMap {
  sources: string[];
  sourcesContent?: Array<string | null>;
  mappings: string;
}

export interface OriginalPosition {
  /** As written in the map: relative to the map's directory. */
  source: string;
  /** 1-based, as editors show it. */
  line: number;
  /** 1-based. */
  column: number;
  /** The source's text from that column to the end of its line, when the map embeds it. */
  text?: string;
}

interface Segment {
  generatedColumn: number;
  source: number;
  line: number;
  column: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

export class SourceMapLookup {
  private readonly lines: Segment[][];
  private readonly sourceLines = new Map<number, string[]>();

  constructor(private readonly map: RawSourceMap) {
    this.lines = decodeMappings(map.mappings);
  }

  /** `line` and `column` are 0-based offsets into the generated file. */
  originalPosition(line: number, column: number): OriginalPosition | undefined {
    const segments = this.lines[line];
    if (!segments) return undefined;
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment.generatedColumn > column) break;
      found = segment;
    }
    if (!found) return undefined;
    const source = this.map.sources[found.source];
    if (source === undefined) return undefined;
    const position: OriginalPosition = { source, line: found.line + 1, column: found.column + 1 };
    const text = this.sourceLine(found.source, found.line)?.slice(found.column);
    if (text !== undefined) position.text = text;
    return position;
  }

  private sourceLine(source: number, line: number): string | undefined {
    let lines = this.sourceLines.get(source);
    if (!lines) {
      const content = this.map.sourcesContent?.[source];
      if (typeof content !== 'string') return undefined;
      lines = content.split(/\r?\n/);
      this.sourceLines.set(source, lines);
    }
    return lines[line];
  }
}

function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  // Source index, original line and column carry over from segment to segment and line to
  // line; the generated column restarts on every line.
  let source = 0;
  let line = 0;
  let column = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(',')) {
      if (!segmentText) continue;
      const fields = decodeVlq(segmentText);
      generatedColumn += fields[0] ?? 0;
      if (fields.length < 4) continue; // a segment with no source
      source += fields[1] ?? 0;
      line += fields[2] ?? 0;
      column += fields[3] ?? 0;
      segments.push({ generatedColumn, source, line, column });
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`Invalid source map mapping character "${char}".`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  return values;
}
