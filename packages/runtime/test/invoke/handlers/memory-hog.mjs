// Keeps allocating until the heap limit is hit.
const kept = [];

export const handler = async () => {
  for (;;) kept.push(new Array(100_000).fill(kept.length));
};
