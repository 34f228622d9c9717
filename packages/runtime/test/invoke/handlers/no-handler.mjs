export const main = async (event) => event.Records[0].cf.request;
