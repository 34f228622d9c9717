/** The error pages, bundled with the function (Lambda@Edge cannot read files at run time from the origin). */
function page(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>${title}</h1><p>${message}</p><p><a href="/">Go to the home page</a></p></body>
</html>
`;
}

export const notFoundPage = page(
  'Page not found',
  'The page you asked for does not exist or has moved.',
);
export const serverErrorPage = page(
  'Temporarily unavailable',
  'Something went wrong on our side. Please try again in a moment.',
);
