// Returns values JSON changes: an undefined field disappears, a header value stays a string.
export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  return { ...request, body: undefined };
};
