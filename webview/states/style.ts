// The state inspector's styles (a constructed stylesheet, as the shared ones: the CSP allows no
// inline <style>); colours only from --vscode-* variables.
const CSS = `
.st-scrub { gap: 10px; }
.st-scrub input[type=range] { flex: 1; max-width: 520px; width: auto; accent-color: var(--vscode-focusBorder); }
.st-step { font-size: 12px; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.st-main { --side-width: 360px; } /* with-side (shared): the unit trace beside the maps, or below them in a narrow panel */
.st-maps { overflow: auto; padding: 6px 10px; display: flex; flex-direction: column; gap: 6px; }
.st-side h4 { margin: 2px 0; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
.st-hint { color: var(--vscode-descriptionForeground); font-size: 12px; }
.st-series header { display: flex; align-items: center; gap: 8px; font-size: 12px; margin-bottom: 2px; }
.st-series header b { font-family: var(--vscode-editor-font-family); min-width: 5.5em; }
.st-series header .spacer { flex: 1; }
.st-about { color: var(--vscode-descriptionForeground); min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.st-legend-bar { width: 110px; }
.st-tick { font-size: 10px; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.st-map-row, .st-tokens { display: flex; gap: 4px; }
.st-units { width: 44px; flex: none; display: flex; flex-direction: column; justify-content: space-between; font-size: 10px; color: var(--vscode-descriptionForeground); text-align: right; }
.st-map-wrap { position: relative; flex: 1; min-width: 0; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.st-h1 { height: 40px; } .st-h2 { height: 64px; } .st-h3 { height: 88px; } .st-h4 { height: 112px; } .st-h5 { height: 140px; }
.st-map { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; cursor: crosshair; }
.st-row-mark, .st-col-mark { position: absolute; pointer-events: none; box-sizing: border-box; }
.st-row-mark { left: 0; right: 0; outline: 2px solid var(--vscode-focusBorder); }
.st-col-mark { top: 0; bottom: 0; outline: 1px dashed var(--vscode-editor-foreground, var(--vscode-foreground)); }
.st-token-cells { flex: 1; min-width: 0; display: flex; }
.st-token { flex: 1 1 0; min-width: 0; overflow: hidden; text-align: center; font-family: var(--vscode-editor-font-family); font-size: 11px; white-space: nowrap; }
.st-token.st-token-wide { overflow: visible; }
.st-token.masked { color: var(--vscode-descriptionForeground); font-style: italic; opacity: 0.6; }
.st-trace { width: 100%; height: auto; }
.st-trace .st-grid { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-width: 0.6; }
.st-trace .st-zero { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.st-trace .st-cursor { stroke: var(--vscode-focusBorder); stroke-dasharray: 3 2; }
.st-trace text { fill: var(--vscode-descriptionForeground); font-size: 10px; font-family: var(--vscode-editor-font-family); }
.st-trace .st-ytick { text-anchor: end; dominant-baseline: central; }
.st-trace .st-xtick { text-anchor: end; dominant-baseline: hanging; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
.st-trace .st-xtick.st-upright { text-anchor: middle; }
.st-trace .st-line { fill: none; stroke-width: 1.8; }
.st-trace .st-first { stroke: var(--vscode-descriptionForeground); stroke-dasharray: 4 3; stroke-width: 1.4; }
.st-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; border-radius: 2px; }
.st-swatch.st-dashed { border-top: 2px dashed var(--vscode-descriptionForeground); height: 0; border-radius: 0; }
.st-swatch.st-nonfinite { background: rgb(255, 0, 255); }
.st-values { font-family: var(--vscode-editor-font-family); font-size: 12px; display: flex; flex-direction: column; gap: 1px; }
`;

export function adoptStatesStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
