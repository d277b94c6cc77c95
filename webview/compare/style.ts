// The Lockstep Comparison's own styles (adopted like the shared ones): rows of label + plot, and
// one colour per model from the theme's chart palette, the same in the label swatch and the lines.
const CSS = `
.cmp-body { flex: 1; min-height: 0; overflow: auto; padding: 8px 10px; display: flex; flex-direction: column; gap: 8px; }
.cmp-row { display: grid; grid-template-columns: 170px minmax(0, 1fr); gap: 0; align-items: start; justify-items: start; }
.cmp-label { display: flex; flex-direction: column; gap: 2px; padding-right: 8px; font-size: 12px; }
.cmp-label button { align-self: flex-start; margin-top: 2px; font-size: 11px; }
.cmp-heatmap { display: block; image-rendering: pixelated; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.cmp-waiting { color: var(--vscode-descriptionForeground); font-size: 12px; padding: 8px; }
.cmp-swatch { display: inline-block; width: 18px; height: 4px; margin-bottom: 2px; }
.cmp-axis { display: block; }
.cmp-chart { display: block; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.cmp-line { fill: none; stroke-width: 1.8; }
.cmp-grid { stroke: var(--vscode-descriptionForeground); stroke-opacity: 0.5; stroke-width: 1; }
.cmp-threshold { stroke-width: 1.2; stroke-dasharray: 5 4; }
.cmp-threshold.vanishing { stroke: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground)); }
.cmp-threshold.exploding { stroke: var(--vscode-charts-red, var(--vscode-editorError-foreground)); }
.cmp-tick { font-size: 10px; fill: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family, monospace); }
.cmp-tick.vanishing { fill: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground)); }
.cmp-tick.exploding { fill: var(--vscode-charts-red, var(--vscode-editorError-foreground)); }
.cmp-line.s0 { stroke: var(--vscode-charts-blue, #3794ff); }
.cmp-line.s1 { stroke: var(--vscode-charts-orange, #d18616); }
.cmp-line.s2 { stroke: var(--vscode-charts-green, #89d185); }
.cmp-line.s3 { stroke: var(--vscode-charts-purple, #b180d7); }
.cmp-swatch.s0 { background: var(--vscode-charts-blue, #3794ff); }
.cmp-swatch.s1 { background: var(--vscode-charts-orange, #d18616); }
.cmp-swatch.s2 { background: var(--vscode-charts-green, #89d185); }
.cmp-swatch.s3 { background: var(--vscode-charts-purple, #b180d7); }
`;

export function adoptCompareStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
