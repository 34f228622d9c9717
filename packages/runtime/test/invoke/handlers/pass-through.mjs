// Forwards what it gets: the request for request events, the response for response events.
export const handler = async (event) => {
  const { request, response } = event.Records[0].cf;
  return response ?? request;
};
