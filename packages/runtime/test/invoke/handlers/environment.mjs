// Answers with the environment variables it can see.
export const handler = async () => ({
  status: '200',
  headers: { 'content-type': [{ key: 'Content-Type', value: 'application/json' }] },
  body: JSON.stringify(process.env),
});
