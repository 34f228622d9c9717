// Replaces the request body with its reverse, keeping everything else.
export const handler = async (event) => {
  const { request } = event.Records[0].cf;
  request.body.action = 'replace';
  request.body.data = [...request.body.data].reverse().join('');
  return request;
};
