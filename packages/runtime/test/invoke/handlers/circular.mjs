// A result JSON cannot encode: Lambda fails to marshal it.
export const handler = async (event) => {
  const request = event.Records[0].cf.request;
  request.self = request;
  return request;
};
