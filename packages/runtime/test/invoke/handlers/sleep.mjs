// Waits `ms` milliseconds (from the query string) before forwarding the request.
export const handler = async (event) => {
  const { request } = event.Records[0].cf;
  const ms = Number(new URLSearchParams(request.querystring).get('ms') ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return request;
};
