// The chain panel's styles (a constructed stylesheet, as the shared ones: the CSP allows no
// inline <style>); colours only from --vscode-* variables, NaN/Inf in the heatmap's magenta.
const CSS = `
.ch-main { flex: 1; min-height: 0; overflow: auto; padding: 8px 12px 12px; display: flex; flex-direction: column; gap: 10px; }
.ch-reading { font-size: 14px; padding: 6px 10px; border-left: 3px solid var(--vscode-focusBorder); background: var(--vscode-textCodeBlock-background, var(--vscode-editorWidget-background)); }
.ch-reading.vanishing { border-color: var(--vscode-charts-yellow, var(--vscode-focusBorder)); }
.ch-reading.exploding, .ch-reading.nonfinite { border-color: var(--vscode-charts-red, var(--vscode-focusBorder)); }
.ch-about { color: var(--vscode-descriptionForeground); font-size: 12px; }
.ch-section { display: flex; flex-direction: column; gap: 2px; max-width: 980px; }
.ch-section h4 { margin: 2px 0; font-size: 12px; font-weight: 600; }
.ch-section .ch-sub { color: var(--vscode-descriptionForeground); font-size: 12px; }
.ch-legend { display: flex; gap: 12px; flex-wrap: wrap; font-size: 12px; color: var(--vscode-descriptionForeground); }
.ch-swatch { display: inline-block; width: 16px; height: 0; border-top: 2.5px solid; margin-right: 4px; vertical-align: middle; }
.ch-swatch.ch-dashed { border-top-style: dashed; }
.ch-swatch.ch-nonfinite { width: 9px; height: 9px; border: none; border-radius: 50%; background: rgb(255, 0, 255); }
.ch-swatch.ch-one { border-top: 1.5px dashed var(--vscode-editor-foreground, var(--vscode-foreground)); }
.ch-empty { color: var(--vscode-descriptionForeground); font-size: 12px; padding: 10px 0; }
svg.ch-chart { width: 100%; height: auto; display: block; }
svg.ch-chart text { fill: var(--vscode-descriptionForeground); font-size: 10px; font-family: var(--vscode-editor-font-family, monospace); }
svg.ch-chart .ch-ytick { text-anchor: end; dominant-baseline: central; }
svg.ch-chart .ch-xtick { text-anchor: middle; dominant-baseline: hanging; }
svg.ch-chart .ch-grid { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-width: 0.6; }
svg.ch-chart .ch-axis { stroke: var(--vscode-descriptionForeground); stroke-width: 0.8; }
svg.ch-chart .ch-one { stroke: var(--vscode-editor-foreground, var(--vscode-foreground)); stroke-width: 1.2; stroke-dasharray: 6 3; }
svg.ch-chart .ch-xname { text-anchor: end; dominant-baseline: hanging; font-style: italic; }
svg.ch-chart text.ch-nonfinite-label { fill: rgb(255, 0, 255); font-weight: 600; }
svg.ch-chart .ch-one-label { text-anchor: start; dominant-baseline: central; fill: var(--vscode-editor-foreground, var(--vscode-foreground)); font-weight: 600; }
svg.ch-chart .ch-line { fill: none; stroke-width: 2; }
svg.ch-chart .ch-line.ch-dashed { stroke-dasharray: 5 3; stroke-width: 1.5; }
svg.ch-chart circle { stroke: none; }
svg.ch-chart .ch-zero { fill-opacity: 0.5; }
svg.ch-chart .ch-nonfinite, .ch-nonfinite { fill: rgb(255, 0, 255); }
.ch-s0 { stroke: var(--vscode-charts-blue); border-color: var(--vscode-charts-blue); fill: var(--vscode-charts-blue); }
.ch-s1 { stroke: var(--vscode-charts-orange); border-color: var(--vscode-charts-orange); fill: var(--vscode-charts-orange); }
.ch-s2 { stroke: var(--vscode-charts-green); border-color: var(--vscode-charts-green); fill: var(--vscode-charts-green); }
.ch-s3 { stroke: var(--vscode-charts-purple); border-color: var(--vscode-charts-purple); fill: var(--vscode-charts-purple); }
svg.ch-chart path.ch-line { fill: none; }
`;

export function adoptChainStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
