/** One run per key at a time; a call during a run queues exactly one more (later calls join it). */
export function serialized(task: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const start = (key: string): Promise<void> => {
    const promise = task(key).finally(() => running.delete(key));
    running.set(key, promise);
    return promise;
  };
  return (key) => {
    const current = running.get(key);
    if (!current) return start(key);
    let next = queued.get(key);
    if (!next) {
      next = current.then(() => {
        queued.delete(key);
        return start(key);
      });
      queued.set(key, next);
    }
    return next;
  };
}
