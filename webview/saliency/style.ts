// The saliency panel's own styles (a constructed stylesheet; the CSP allows no inline <style>);
// the scrubber, maps and markers reuse the state inspector's (states/style.ts).
const CSS = `
.sa-body { flex: 1; min-height: 0; overflow: auto; padding: 8px 12px; display: flex; flex-direction: column; gap: 10px; }
.sa-body h4 { margin: 2px 0; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
.sa-text { font-family: var(--vscode-editor-font-family); font-size: 15px; line-height: 2.1; }
.sa-token { padding: 3px 4px; margin: 0 1px; border-radius: 3px; border: 1px solid transparent; cursor: default; }
.sa-token.sa-dark { color: #ffffff; }
.sa-token.sa-light { color: #000000; }
.sa-token.sa-output { border-color: var(--vscode-focusBorder); border-width: 2px; }
.sa-token.sa-pad { opacity: 0.55; font-style: italic; }
.sa-steps { width: 58px; }
.sa-map-wrap { height: 180px; }
.sa-heading { font-size: 13px; font-weight: 600; }
`;

export function adoptSaliencyStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
