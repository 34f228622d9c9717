// Holds 200 MB outside the V8 heap (Buffers), then answers normally.
const kept = [];

export const handler = async (event) => {
  for (let i = 0; i < 20; i++) kept.push(Buffer.alloc(10 * 1024 * 1024, 1));
  return event.Records[0].cf.request;
};
