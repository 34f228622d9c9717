// Changes Host, which is read-only in viewer-request: CloudFront answers 502.
export const handler = async (event) => {
  const { request } = event.Records[0].cf;
  request.headers.host = [{ key: 'Host', value: 'elsewhere.example.com' }];
  return request;
};
