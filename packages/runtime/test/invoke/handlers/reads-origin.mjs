// An origin-request function that reads the origin CloudFront always supplies.
export async function handler(event) {
  const { request } = event.Records[0].cf;
  request.headers['x-origin-domain'] = [
    {
      key: 'X-Origin-Domain',
      value: request.origin.custom?.domainName ?? request.origin.s3.domainName,
    },
  ];
  return request;
}
