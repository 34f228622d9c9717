// Reads a build-time value the bundler would inline; tests define it as a global instead.
/* global EDGE_CONFIG */
export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  request.headers['x-greeting'] = [{ key: 'X-Greeting', value: String(EDGE_CONFIG.GREETING) }];
  return request;
};
