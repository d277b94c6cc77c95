// The attention alignment's own styles (a constructed stylesheet, as the shared ones: the CSP
// allows no inline <style>); the scrubber, token and marker styles come from the state
// inspector's sheet (webview/states/style.ts). Colours only from --vscode-* variables.
const CSS = `
.at-main { --side-width: 300px; } /* with-side (shared): the list of where a row looked beside the map, or below it in a narrow panel */
.at-stage { overflow: auto; padding: 10px 12px; }
.at-grid { display: grid; grid-template-columns: auto auto; grid-template-rows: auto auto auto; column-gap: 6px; row-gap: 4px; width: max-content; }
.at-caption { grid-column: 2; font-size: 12px; color: var(--vscode-descriptionForeground); }
.at-ylabels { display: flex; flex-direction: column; align-items: flex-end; }
.at-ylabel, .at-xlabel { font-family: var(--vscode-editor-font-family); font-size: 12px; white-space: nowrap; overflow: hidden; display: flex; align-items: center; justify-content: center; }
.at-ylabel { justify-content: flex-end; padding-right: 2px; }
.at-xlabels { display: flex; }
.at-xlabel.rotated { writing-mode: vertical-rl; transform: rotate(180deg); justify-content: flex-start; padding-top: 2px; height: 5.5em; }
.at-ylabel.hl, .at-xlabel.hl { color: var(--vscode-focusBorder); font-weight: 700; }
.at-map-wrap { position: relative; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.at-map { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; cursor: crosshair; }
.at-axis-name { font-size: 11px; color: var(--vscode-descriptionForeground); }
.at-side h4 { margin: 2px 0; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
.at-bars { display: grid; grid-template-columns: auto auto 1fr auto; gap: 2px 6px; align-items: center; font-size: 12px; }
.at-bars .tok { font-family: var(--vscode-editor-font-family); text-align: right; }
.at-bars .track { min-width: 80px; }
.at-bars .bar { display: block; height: 10px; background: var(--vscode-charts-blue, var(--vscode-focusBorder)); min-width: 1px; }
.at-bars .at-index { font-size: 10px; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; text-align: right; }
.at-bars .val { font-variant-numeric: tabular-nums; color: var(--vscode-descriptionForeground); }
`;

export function adoptAttentionStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
