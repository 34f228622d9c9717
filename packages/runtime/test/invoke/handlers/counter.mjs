// Module state survives between invocations of a warm container and resets on a cold one.
let invocations = 0;

export const handler = async (event) => {
  invocations += 1;
  const { request } = event.Records[0].cf;
  request.headers['x-invocations'] = [{ key: 'X-Invocations', value: String(invocations) }];
  return request;
};
