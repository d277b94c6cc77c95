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
