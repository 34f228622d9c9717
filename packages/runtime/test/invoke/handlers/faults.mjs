// Every way a handler can end its container, chosen by `?fault=`; without one it forwards the
// request. `pidfile` (with fault=sleep) is where the sleeping child process writes its pid.
import { execFileSync } from 'node:child_process';

const kept = [];

const faults = {
  // The report: arrays until the heap is exhausted.
  heap: () => {
    for (;;) kept.push(new Array(4e6).fill(1.5));
  },
  // Memory outside the V8 heap.
  buffers: () => {
    for (let i = 0; i < 24; i++) kept.push(Buffer.alloc(64 * 1024 * 1024, 1));
  },
  // Many small objects.
  objects: () => {
    for (let i = 0; ; i++) kept.push({ i, text: `object ${i}` });
  },
  exit: () => process.exit(3),
  kill: () => process.kill(process.pid, 'SIGTERM'),
  abort: () => process.abort(),
  loop: () => {
    for (;;);
  },
  sleep: (query) =>
    execFileSync('sh', ['-c', `echo $$ > "${query.get('pidfile')}"; exec sleep 30`]),
};

export const handler = async (event) => {
  const { request } = event.Records[0].cf;
  const query = new URLSearchParams(request.querystring);
  const fault = query.get('fault');
  if (fault === 'after-answer') {
    setTimeout(() => {
      throw new RangeError('thrown from a timer after the answer');
    }, 20);
  } else if (fault === 'rejection-after-answer') {
    setTimeout(() => Promise.reject(new Error('rejected after the answer')), 20);
  } else if (fault) {
    faults[fault](query);
  }
  return request;
};
