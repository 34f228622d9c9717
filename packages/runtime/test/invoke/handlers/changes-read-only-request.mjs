// A response handler that changes the read-only request in place and returns the response
// exactly as it was sent.
export const handler = async (event) => {
  const { request, response } = event.Records[0].cf;
  request.uri = '/elsewhere';
  return response;
};
