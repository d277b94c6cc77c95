// The BPTT Step-Through's styles (a constructed stylesheet, as the shared ones: the CSP allows no
// inline <style>); colours only from --vscode-* variables.
const CSS = `
.bp-stage { flex: 1; min-height: 0; position: relative; overflow: hidden; }
.bp-chart { display: block; user-select: none; }
.bp-chart text { font-size: 11px; fill: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
.bp-chart .bp-caption { font-family: var(--vscode-font-family); font-size: 12px; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
.bp-chart .bp-ytick { text-anchor: end; dominant-baseline: central; font-variant-numeric: tabular-nums; }
.bp-chart .bp-xtick, .bp-chart .bp-share { text-anchor: middle; }
.bp-chart .bp-at { fill: var(--vscode-editor-foreground, var(--vscode-foreground)); font-weight: 700; }
.bp-chart .bp-grid { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-width: 0.6; stroke-dasharray: 2 3; }
.bp-chart .bp-axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.bp-bar { cursor: pointer; }
.bp-bar.bp-pending { fill: var(--vscode-charts-blue, var(--vscode-focusBorder)); opacity: 0.45; }
.bp-bar.bp-summed { fill: var(--vscode-charts-orange, var(--vscode-focusBorder)); }
.bp-bar.bp-cursor { stroke: var(--vscode-contrastActiveBorder, var(--vscode-editor-foreground, var(--vscode-foreground))); stroke-width: 2; opacity: 1; }
.bp-bar.bp-nonfinite { fill: var(--vscode-charts-red, var(--vscode-errorForeground)); }
.bp-chart .bp-full { stroke: var(--vscode-descriptionForeground); stroke-dasharray: 6 4; stroke-width: 1.2; }
.bp-chart .bp-partial { fill: none; stroke: var(--vscode-charts-orange, var(--vscode-focusBorder)); stroke-width: 2; }
.bp-chart .bp-cursor-line { stroke: var(--vscode-focusBorder); stroke-dasharray: 3 2; }
.bp-chart .bp-dot { fill: var(--vscode-charts-orange, var(--vscode-focusBorder)); stroke: var(--vscode-editor-background); stroke-width: 1.5; }
.bp-readout { font-size: 12.5px; font-variant-numeric: tabular-nums; }
.bp-readout .bp-strong { color: var(--vscode-editor-foreground, var(--vscode-foreground)); font-weight: 600; }
.bp-readout .muted { opacity: 0.8; }
`;

export function adoptBpttStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
