// Neither async nor callback-style: Lambda ignores the returned value.
export const handler = (event) => event.Records[0].cf.request;
