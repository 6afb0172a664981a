// The interactive API docs page. Swagger UI's script and styles are copied from the swagger-ui-dist package into
// the editor's static assets at build time (web/vite.config.ts) and served from this origin: the docs work with
// no network, unlike a page that loads them from a CDN.
export const API_DOCS_ASSETS = "/api-docs";

/** `nonce`: this response's CSP nonce (worker/middleware/security-headers.ts), the one inline script's pass. */
export const apiDocsHtml = (specUrl: string, nonce: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agentflare API</title>
<link rel="stylesheet" href="${API_DOCS_ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${API_DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script nonce="${nonce}">
window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: "#swagger-ui", deepLinking: true });
</script>
</body>
</html>
`;
