// The lean load client counts what a load test must count: every request answered, and as an
// error a status other than 200, a response it cannot frame, or a connection dropped midway.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeepAlive } from '../load-client.mjs';

let server;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(handler) {
  server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

describe('loadKeepAlive', () => {
  it('sends each path once over keep-alive connections and counts no error for 200s', async () => {
    const seen = [];
    const sockets = new Set();
    const url = await serve((req, res) => {
      seen.push(req.url);
      sockets.add(req.socket);
      const body = Buffer.from(`body of ${req.url}`.repeat(100));
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
      // Split across writes, so a response arrives in more than one chunk.
      res.write(body.subarray(0, 7));
      res.end(body.subarray(7));
    });
    const result = await loadKeepAlive(url, (i) => `/item/${i}`, 200, 5);
    expect(result.errors).toBe(0);
    expect(seen.sort()).toEqual(Array.from({ length: 200 }, (_, i) => `/item/${i}`).sort());
    expect(sockets.size).toBe(5);
    expect(result.rps).toBeGreaterThan(0);
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
  });

  it('counts other statuses and responses without a length as errors', async () => {
    const url = await serve((req, res) => {
      const n = Number(req.url.slice(1));
      if (n % 10 === 0) {
        res.writeHead(500, { 'content-length': '4' });
        res.end('oops');
      } else if (n % 10 === 1) {
        // Chunked: no Content-Length to frame it by.
        res.writeHead(200);
        res.write('part');
        res.end();
      } else {
        res.writeHead(200, { 'content-length': '2' });
        res.end('ok');
      }
    });
    const result = await loadKeepAlive(url, (i) => `/${i}`, 100, 4);
    // 10 statuses of 500, 10 chunked; a chunked answer also ends its connection, and the
    // requests that connection would have sent are counted as unanswered.
    expect(result.errors).toBeGreaterThanOrEqual(20);
    expect(result.errors).toBeLessThan(100);
  });

  it('counts a connection dropped in the middle of a response, and carries on', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/3') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('only part of it');
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      res.writeHead(200, { 'content-length': '2' });
      res.end('ok');
    });
    const result = await loadKeepAlive(url, (i) => `/${i}`, 20, 1);
    expect(result.errors).toBe(1);
  });

  it('counts every request as failed when nothing listens', async () => {
    const url = await serve(() => {});
    server.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    server = undefined;
    const result = await loadKeepAlive(url, (i) => `/${i}`, 10, 2);
    expect(result.errors).toBe(10);
  });
});
