export const handler = async (event) => {
  if (event.Records[0].cf.request.uri === '/ok') return event.Records[0].cf.request;
  throw new TypeError('boom in handler');
};
