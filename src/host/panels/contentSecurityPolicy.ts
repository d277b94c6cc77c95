// The Content-Security-Policy every Unroll webview runs under. Kept free of `vscode` so the
// webview test harness serves its pages under exactly the policy the extension uses.

/** Resources only from the webview's own origin (`cspSource`); scripts only with the page's nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export interface WebviewPageParts {
  csp: string;
  /** Stylesheet URLs, in order. */
  styles: string[];
  title: string;
  /** Raw attributes of <body> (the test harness sets VS Code's theme class itself). */
  bodyAttributes?: string;
  /** Scripts in order, each allowed by the page's nonce: a src, or inline code. */
  scripts: ({ src: string } | { inline: string })[];
  nonce: string;
}

/** The HTML of an Unroll webview page: the extension's panels and the test harness build it here. */
export function webviewPage(p: WebviewPageParts): string {
  const body = p.bodyAttributes ? ` ${p.bodyAttributes}` : '';
  const scripts = p.scripts.map(s => ('src' in s ? `<script nonce="${p.nonce}" src="${s.src}"></script>` : `<script nonce="${p.nonce}">${s.inline}</script>`));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${p.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${p.styles.map(href => `<link rel="stylesheet" href="${href}">`).join('\n')}
<title>${p.title}</title>
</head>
<body${body}>
<main id="root" aria-live="polite"></main>
${scripts.join('\n')}
</body>
</html>`;
}
