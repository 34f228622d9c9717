// Says which Node.js runs it, using an API Node.js 22 has and Node.js 20 lacks.
export const handler = async (event) => {
  const { promise, resolve } = Promise.withResolvers();
  resolve(event.Records[0].cf.request);
  const request = await promise;
  request.headers['x-node'] = [{ key: 'X-Node', value: process.version }];
  return request;
};
