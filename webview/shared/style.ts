// Panel styles, adopted as a constructed stylesheet: the CSP allows stylesheets only from the
// extension (media/webview.css, shared by every webview) and no inline <style>; constructed
// sheets are not inline. Colours come only from --vscode-* variables.
const CSS = `
body.unroll-panel { padding: 0; margin: 0; background: var(--vscode-editor-background); color: var(--vscode-editor-foreground, var(--vscode-foreground)); overflow: hidden; }
.unroll-panel #root { display: flex; flex-direction: column; height: 100vh; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); }
.toolbar .title { font-weight: 600; margin-right: 8px; }
.toolbar .spacer { flex: 1; }
.toolbar button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.toolbar button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.toolbar button[aria-pressed="true"] { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
/* High contrast themes give every button the same black fill: mark the pressed one as VS Code marks an active item. */
body.vscode-high-contrast .toolbar button[aria-pressed="true"], body.vscode-high-contrast-light .toolbar button[aria-pressed="true"] { outline: 2px solid var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); outline-offset: 1px; font-weight: 600; }
.toolbar select, .toolbar input, select.cmp-layer { background: var(--vscode-dropdown-background, var(--vscode-input-background)); color: var(--vscode-dropdown-foreground, var(--vscode-input-foreground)); border: 1px solid var(--vscode-dropdown-border, var(--vscode-input-border, transparent)); font: inherit; padding: 2px 4px; }
.toolbar input { width: 5em; }
.toolbar label { display: inline-flex; gap: 4px; align-items: center; color: var(--vscode-descriptionForeground); }
/* A page's main part with a side column (the state inspector's unit trace, the attention alignment's list); in a narrow panel (beside the notebook) the side column goes below, and the main part keeps the width. */
.with-side { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) var(--side-width, 320px); }
.with-side > .side-column { border-left: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 8px 10px; overflow: auto; display: flex; flex-direction: column; gap: 8px; }
@media (max-width: 760px) {
  .with-side { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto auto; align-content: start; overflow: auto; }
  .with-side > .main-column { overflow: visible; }
  .with-side > .side-column { border-left: none; border-top: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); overflow: visible; }
}
.empty { flex: 1; padding: 24px; color: var(--vscode-descriptionForeground); }
.stage .empty { position: absolute; inset: 0; } /* over the (empty) svg, which fills the stage */
.stage { position: relative; flex: 1; min-height: 0; overflow: hidden; }
.stage svg.graph { width: 100%; height: 100%; cursor: grab; user-select: none; display: block; }
.stage svg.graph.dragging { cursor: grabbing; }
.status { padding: 4px 10px; font-size: 12px; color: var(--vscode-descriptionForeground); border-top: 1px solid var(--vscode-panel-border, transparent); display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
.legend-bar { display: inline-block; width: 160px; height: 10px; border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent)); vertical-align: middle; }
.legend { display: inline-flex; align-items: center; gap: 6px; }
.legend .ticks { display: inline-flex; justify-content: space-between; width: 160px; font-size: 10px; }
.chips { display: inline-flex; gap: 4px; flex-wrap: wrap; }
.chip { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); border-radius: 9px; padding: 0 7px; font-size: 11px; cursor: default; font-family: var(--vscode-editor-font-family); }
.chip.hl { background: var(--vscode-editor-findMatchHighlightBackground, var(--vscode-list-hoverBackground)); outline: 2px solid var(--vscode-focusBorder); }

/* SVG graph */
svg.graph text { fill: var(--vscode-editor-foreground, var(--vscode-foreground)); font-family: var(--vscode-editor-font-family, monospace); font-size: 13px; dominant-baseline: central; text-anchor: middle; pointer-events: none; }
svg.graph .node rect, svg.graph .node ellipse { stroke-width: 1.5; }
svg.graph .node.cell rect { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-charts-blue, var(--vscode-focusBorder)); cursor: pointer; }
svg.graph .node.cell.backward rect { stroke: var(--vscode-charts-purple, var(--vscode-focusBorder)); }
svg.graph .node.cell:hover rect { stroke-width: 3; }
svg.graph .node.input ellipse { fill: var(--vscode-editor-background); stroke: var(--vscode-charts-green, var(--vscode-foreground)); }
svg.graph .node.output ellipse { fill: var(--vscode-editor-background); stroke: var(--vscode-charts-orange, var(--vscode-foreground)); }
svg.graph .node.gap text { fill: var(--vscode-descriptionForeground); font-style: italic; font-size: 12px; }
svg.graph .node.gap rect { fill: none; stroke: var(--vscode-descriptionForeground); stroke-dasharray: 3 3; }
svg.graph .edge { fill: none; stroke: var(--vscode-editor-foreground, var(--vscode-foreground)); stroke-opacity: 0.75; stroke-width: 1.4; }
svg.graph .edge.join { stroke: var(--vscode-charts-red, var(--vscode-foreground)); stroke-width: 2.5; stroke-opacity: 1; }
svg.graph .edge.repeat { stroke-dasharray: 5 3; }
svg.graph .bptt { fill: none; stroke-width: 3.5; stroke-dasharray: 7 3; }
svg.graph marker path { fill: var(--vscode-editor-foreground, var(--vscode-foreground)); }
svg.graph .wlabel { cursor: help; }
svg.graph .wlabel rect { fill: var(--vscode-editor-background); stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); rx: 7; }
svg.graph .wlabel text { font-size: 11px; font-style: italic; }
svg.graph .wlabel.U text { fill: var(--vscode-charts-blue, var(--vscode-foreground)); }
svg.graph .wlabel.V text { fill: var(--vscode-charts-green, var(--vscode-foreground)); }
svg.graph .wlabel.W text { fill: var(--vscode-charts-orange, var(--vscode-foreground)); }
svg.graph .wlabel.b text { fill: var(--vscode-charts-purple, var(--vscode-foreground)); }
svg.graph .hl rect, svg.graph .wlabel.hl rect { fill: var(--vscode-editor-findMatchHighlightBackground, var(--vscode-list-hoverBackground)); stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
svg.graph path.edge.hl { stroke: var(--vscode-focusBorder); stroke-width: 3; stroke-opacity: 1; }
svg.graph .block-frame { fill: none; stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-dasharray: 6 4; rx: 10; }
svg.graph text.block-title { font-weight: 600; text-anchor: start; font-family: var(--vscode-font-family); }
svg.graph text.row-title { text-anchor: end; font-size: 11px; fill: var(--vscode-descriptionForeground); font-family: var(--vscode-font-family); }
svg.graph .gate.affine rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-charts-blue, var(--vscode-foreground)); }
svg.graph .gate.sigmoid rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-charts-yellow, var(--vscode-foreground)); }
svg.graph .gate.tanh rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-charts-orange, var(--vscode-foreground)); }
svg.graph .gate.op rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-foreground); }
svg.graph .gate.input rect, svg.graph .gate.state-in rect, svg.graph .gate.state-out rect { fill: var(--vscode-editor-background); stroke: var(--vscode-charts-green, var(--vscode-foreground)); }
.inside { position: absolute; right: 0; top: 0; bottom: 0; width: min(62%, 760px); background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); border-left: 2px solid var(--vscode-focusBorder); display: flex; flex-direction: column; box-shadow: 0 0 8px var(--vscode-widget-shadow, transparent); }
.inside header { display: flex; align-items: center; gap: 8px; padding: 6px 10px; font-weight: 600; }
.inside header .spacer { flex: 1; }
.inside .eq { padding: 0 10px 6px; font-family: var(--vscode-editor-font-family); font-size: 12px; color: var(--vscode-descriptionForeground); }
.inside svg { flex: 1; min-height: 0; width: 100%; }

/* heatmap */
.hm-main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 0; }
.hm-left { display: flex; flex-direction: column; min-width: 0; min-height: 0; padding: 8px 10px; gap: 6px; }
.hm-right { border-left: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 8px 10px; overflow: auto; display: flex; flex-direction: column; gap: 10px; }
.hm-right h4 { margin: 4px 0; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); }
.hm-canvas-wrap { position: relative; flex: 1; min-height: 120px; }
.hm-canvas-wrap canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
.tooltip { position: fixed; pointer-events: none; background: var(--vscode-editorHoverWidget-background, var(--vscode-editorWidget-background)); color: var(--vscode-editorHoverWidget-foreground, var(--vscode-foreground)); border: 1px solid var(--vscode-editorHoverWidget-border, var(--vscode-focusBorder)); padding: 3px 7px; font-size: 12px; font-family: var(--vscode-editor-font-family); white-space: pre; z-index: 10; }
.flags { display: flex; flex-direction: column; gap: 3px; font-size: 12px; }
.flag { padding: 2px 6px; border-left: 3px solid; }
.flag.ok { border-color: var(--vscode-charts-green, var(--vscode-foreground)); color: var(--vscode-descriptionForeground); }
.flag.vanishing { border-color: var(--vscode-charts-yellow, var(--vscode-editorWarning-foreground)); background: var(--vscode-inputValidation-warningBackground, transparent); }
.flag.exploding, .flag.nonfinite { border-color: var(--vscode-charts-red, var(--vscode-editorError-foreground)); background: var(--vscode-inputValidation-errorBackground, transparent); }
canvas.small { width: 100%; display: block; }
.hm-axis { font-size: 11px; color: var(--vscode-descriptionForeground); }
`;

export function adoptPanelStyles(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  document.body.classList.add('unroll-panel');
}
