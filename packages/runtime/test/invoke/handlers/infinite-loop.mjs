// Never yields: only terminating the container stops it.
export const handler = async () => {
  const spins = new Uint32Array(1);
  for (;;) spins[0] += 1;
};
