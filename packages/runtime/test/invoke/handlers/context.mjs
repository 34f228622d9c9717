// Answers with the context it got, and the remaining time before and after a short wait.
export const handler = async (_event, context) => {
  const before = context.getRemainingTimeInMillis();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const after = context.getRemainingTimeInMillis();
  const { getRemainingTimeInMillis, ...fields } = context;
  return {
    status: '200',
    headers: { 'content-type': [{ key: 'Content-Type', value: 'application/json' }] },
    body: JSON.stringify({ ...fields, remaining: [before, after] }),
  };
};
