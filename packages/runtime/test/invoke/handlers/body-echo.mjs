// Reports whether the request body was exposed to it.
export const handler = async (event) => {
  const { request } = event.Records[0].cf;
  request.headers['x-saw-body'] = [
    { key: 'X-Saw-Body', value: String(request.body !== undefined) },
  ];
  return request;
};
