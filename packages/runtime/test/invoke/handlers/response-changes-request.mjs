// An origin-response handler that changes the read-only request when the viewer asks for it
// (?change=1), and otherwise only adds a response header.
export const handler = async (event) => {
  const { request, response } = event.Records[0].cf;
  if (request.querystring === 'change=1') request.uri = '/elsewhere';
  response.headers['x-seen'] = [{ key: 'X-Seen', value: 'yes' }];
  return response;
};
