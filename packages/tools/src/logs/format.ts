/**
 * How an event is printed: one line with the time, the region, the request id and the message
 * as CloudWatch holds it (a multi-line message stays multi-line), then the mapped frames of a
 * stack trace. `--json`: one JSON object per event, per line, so `--follow` can be piped.
 */
import type { LogEvent } from './events.ts';
import type { MappedFrame } from './stack-frames.ts';

const REQUEST_ID = [
  // START / END / REPORT lines.
  /RequestId: ([0-9a-f-]{36})/i,
  // The text log format: `<time>\t<request id>\t<LEVEL>\t<message>`.
  /^\S+\t([0-9a-f-]{36})\t/i,
  // The JSON log format.
  /"requestId"\s*:\s*"([^"]+)"/,
];

export function requestIdOf(message: string): string | undefined {
  for (const pattern of REQUEST_ID) {
    const id = pattern.exec(message)?.[1];
    if (id) return id;
  }
  return undefined;
}

export interface PrintedEvent extends LogEvent {
  /** The package name of the function. */
  function: string;
  requestId: string | undefined;
  frames: MappedFrame[];
}

export function formatLine(event: PrintedEvent, showFunction: boolean): string {
  const time = new Date(event.timestamp).toISOString();
  const head = [
    time,
    event.region.padEnd(14),
    (event.requestId ?? '-').padEnd(36),
    ...(showFunction ? [event.function] : []),
  ].join(' ');
  const message = event.message.replace(/\n$/, '');
  const frames = event.frames.map(
    (f) =>
      `    ↳ ${f.at} → ${f.source}:${f.line}:${f.column}${f.text ? `  ${f.text.slice(0, 80)}` : ''}${f.map === 'local build' ? ' (mapped with the local build)' : ''}`,
  );
  return [`${head} ${message}`, ...frames].join('\n');
}

export function formatJson(event: PrintedEvent): string {
  return JSON.stringify({
    timestamp: new Date(event.timestamp).toISOString(),
    region: event.region,
    function: event.function,
    functionName: event.functionName,
    logGroup: event.logGroup,
    logStream: event.logStream,
    requestId: event.requestId ?? null,
    message: event.message,
    frames: event.frames,
  });
}
