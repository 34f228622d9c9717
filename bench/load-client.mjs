// A lean HTTP/1.1 load generator: `concurrency` keep-alive connections, one GET in flight on
// each (no pipelining), the response framed by its Content-Length. It exists because the
// benchmarks share a small machine with what they measure: node:http's client spent 110-160 µs
// of CPU per request there (parser, IncomingMessage, agent bookkeeping), a third of a core or
// more at the rates measured, taken from the servers under test. This one checks what a load
// test needs (status, full body, an intact connection) and little else; it is what wrk or
// autocannon do, in a few lines of our own so the bench needs no native tool or extra package.
import net from 'node:net';
import { loadSummary } from './lib.mjs';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;

/**
 * One connection's requests, in order. Resolves when `nextPath` returns undefined; counts an
 * error for a status other than 200, a response it cannot frame, or a dropped connection (and
 * then reconnects for the rest).
 */
function runConnection(target, nextPath, onResponse) {
  return new Promise((resolve) => {
    let socket;
    let pending = Buffer.alloc(0);
    let bodyNeeded = -1;
    let status = 0;
    let startedAt = 0;
    let inFlight = false;
    let ended = false;

    const send = () => {
      const path = nextPath();
      if (path === undefined) {
        ended = true;
        socket.end();
        resolve();
        return;
      }
      inFlight = true;
      startedAt = performance.now();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`);
    };

    const finish = (ok) => {
      inFlight = false;
      onResponse(ok, performance.now() - startedAt);
    };

    const parse = () => {
      for (;;) {
        if (bodyNeeded < 0) {
          const end = pending.indexOf(HEADER_END);
          if (end < 0) return;
          const head = pending.toString('latin1', 0, end);
          status = Number(head.slice(9, 12));
          const length = CONTENT_LENGTH.exec(head);
          if (!length || CHUNKED.test(head)) {
            // Not framed by a length: a failure of the server for this purpose; start over.
            finish(false);
            socket.destroy();
            return;
          }
          bodyNeeded = Number(length[1]);
          pending = pending.subarray(end + HEADER_END.length);
        }
        if (pending.length < bodyNeeded) return;
        pending = pending.subarray(bodyNeeded);
        bodyNeeded = -1;
        finish(status === 200);
        send();
        if (!inFlight) return;
      }
    };

    const connect = () => {
      socket = net.connect({ host: target.hostname, port: Number(target.port) });
      socket.setNoDelay(true);
      socket.on('connect', send);
      socket.on('data', (chunk) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        parse();
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        if (ended) return;
        if (!inFlight) {
          // Refused, or closed between responses: this connection stops; the requests it
          // did not send are counted as failed by the caller.
          ended = true;
          resolve();
          return;
        }
        // Dropped in the middle of a response: count it and carry on with a new connection.
        finish(false);
        pending = Buffer.alloc(0);
        bodyNeeded = -1;
        connect();
      });
    };
    connect();
  });
}

/** A fixed count of GETs at a fixed concurrency: req/s, latency percentiles in ms, errors. */
export async function loadKeepAlive(baseUrl, pathFor, count, concurrency) {
  const target = new URL(baseUrl);
  const latencies = [];
  let errors = 0;
  let next = 0;
  const nextPath = () => (next < count ? pathFor(next++) : undefined);
  let answered = 0;
  const onResponse = (ok, ms) => {
    answered++;
    if (!ok) errors++;
    latencies.push(ms);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, () =>
      runConnection(target, nextPath, onResponse),
    ),
  );
  const elapsed = performance.now() - started;
  // Requests taken by a connection that then failed, or never taken, did not get an answer.
  return loadSummary(count, elapsed, latencies, errors + count - answered);
}
