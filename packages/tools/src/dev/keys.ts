/** Single-key commands when stdin is a terminal: `p` purges the cache, `q` or Ctrl-C quits. */
export interface KeyActions {
  purge(): void;
  quit(): void;
  help(): void;
}

export function listenForKeys(input: NodeJS.ReadStream, actions: KeyActions): () => void {
  if (!input.isTTY) return () => {};
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  const onData = (chunk: string) => {
    for (const key of chunk) {
      // Raw mode delivers Ctrl-C as a byte instead of a SIGINT.
      if (key === 'q' || key === '\u0003' || key === '\u0004') actions.quit();
      else if (key === 'p') actions.purge();
      else if (key === 'h' || key === '?') actions.help();
    }
  };
  input.on('data', onData);
  return () => {
    input.off('data', onData);
    input.setRawMode(false);
    input.pause();
  };
}
