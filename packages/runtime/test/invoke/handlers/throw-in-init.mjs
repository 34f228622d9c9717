// Fails while the module loads, before any event arrives.
const settings = JSON.parse('{"broken": }');

export const handler = async (event) => ({ ...event.Records[0].cf.request, settings });
