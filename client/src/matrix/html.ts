// The matrix webview's page. No VS Code imports, so its Content Security Policy is tested in-process.

/** The page: only the extension's own script (with this page's nonce) and stylesheet; nothing remote. */
export function matrixHtml(opts: {
  cspSource: string;
  nonce: string;
  script: string;
  style: string;
}): string {
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource}`,
    `script-src 'nonce-${opts.nonce}'`,
    `img-src ${opts.cspSource}`,
    `font-src ${opts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${opts.style}">
<title>Kubeward: ATT&amp;CK Matrix</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${opts.nonce}" src="${opts.script}"></script>
</body>
</html>`;
}
