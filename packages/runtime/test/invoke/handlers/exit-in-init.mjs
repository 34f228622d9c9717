console.log('exiting during init');
process.exit(2);

export const handler = async (event) => event.Records[0].cf.request;
