// The renderer's styles as one constructed stylesheet, adopted by the document (or shadow root)
// an output lives in: no inline <style> or style attributes, so it works under a strict CSP.
// Colours come only from --vscode-* variables, so light, dark and high-contrast themes all read.
const CSS = `
.unroll-out { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size, 13px); color: var(--vscode-foreground); }
.unroll-out .muted { color: var(--vscode-descriptionForeground); }
.unroll-out .head { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 2px 0 6px; }
.unroll-out .head .title { font-weight: 600; }
.unroll-out button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent)); padding: 2px 10px; cursor: pointer; font: inherit; border-radius: 2px; }
.unroll-out button:hover { background: var(--vscode-button-hoverBackground); }
.unroll-out button:focus-visible, .unroll-out .gmap:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.unroll-out button.secondary { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.unroll-out button:disabled { opacity: 0.6; cursor: default; }
.unroll-out .badge { font-size: 11px; padding: 0 7px; border-radius: 9px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border: 1px solid var(--vscode-contrastBorder, transparent); }
.unroll-out .badge.running { background: var(--vscode-charts-blue, var(--vscode-badge-background)); color: var(--vscode-editor-background); }
.unroll-out .badge.interrupted, .unroll-out .badge.stopped { background: var(--vscode-charts-orange, var(--vscode-badge-background)); color: var(--vscode-editor-background); }

/* model.summary() */
.unroll-out table.summary { border-collapse: collapse; font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; margin: 4px 0; }
.unroll-out table.summary th, .unroll-out table.summary td { text-align: left; vertical-align: baseline; }
.unroll-out table.summary th { font-weight: 600; border-bottom: 2px solid var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); padding: 3px 14px 3px 4px; }
.unroll-out table.summary td { border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 3px 14px 3px 4px; }
.unroll-out table.summary th.num, .unroll-out table.summary td.num { text-align: right; font-variant-numeric: tabular-nums; }
.unroll-out table.summary .type { color: var(--vscode-descriptionForeground); }
.unroll-out .totals { font-size: 12px; display: flex; gap: 16px; flex-wrap: wrap; }

/* fit: live chart */
.unroll-out .charts { display: flex; flex-wrap: wrap; gap: 12px; }
.unroll-out svg.chart { width: 340px; max-width: 100%; height: 190px; display: block; overflow: visible; }
.unroll-out svg.chart text { fill: var(--vscode-descriptionForeground); font-size: 10px; font-family: var(--vscode-font-family); }
.unroll-out svg.chart text.name { fill: var(--vscode-foreground); font-size: 11px; font-weight: 600; }
.unroll-out svg.chart .axis { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-width: 1; }
.unroll-out svg.chart .grid { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-opacity: 0.5; stroke-dasharray: 2 3; }
.unroll-out svg.chart path.train { fill: none; stroke: var(--vscode-charts-blue, var(--vscode-focusBorder)); stroke-width: 1.6; }
.unroll-out svg.chart path.val { fill: none; stroke: var(--vscode-charts-orange, var(--vscode-foreground)); stroke-width: 1.6; stroke-dasharray: 5 3; }
.unroll-out svg.chart circle.epoch { fill: var(--vscode-charts-blue, var(--vscode-focusBorder)); }
.unroll-out svg.chart circle.val { fill: var(--vscode-charts-orange, var(--vscode-foreground)); }
.unroll-out .key { display: inline-flex; gap: 4px; align-items: center; font-size: 11px; }
.unroll-out .swatch { display: inline-block; width: 16px; height: 0; border-top: 2px solid var(--vscode-charts-blue, var(--vscode-focusBorder)); }
.unroll-out .swatch.val { border-top: 2px dashed var(--vscode-charts-orange, var(--vscode-foreground)); }
.unroll-out .swatch.seed { width: 12px; border-top: 7px solid var(--vscode-charts-orange, var(--vscode-foreground)); }

/* gradient map */
.unroll-out .gmap { cursor: pointer; display: inline-flex; flex-direction: column; gap: 4px; padding: 4px; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); border-radius: 3px; max-width: 100%; }
.unroll-out .gmap:hover { border-color: var(--vscode-focusBorder); }
.unroll-out .gmap .rows { display: flex; flex-direction: column; gap: 6px; }
.unroll-out .gmap .row { display: flex; flex-direction: column; gap: 2px; }
.unroll-out .gmap .label { font-family: var(--vscode-editor-font-family, monospace); font-size: 11px; color: var(--vscode-descriptionForeground); }
.unroll-out .gmap canvas { width: 360px; max-width: 100%; height: 72px; image-rendering: pixelated; display: block; border: 1px solid var(--vscode-contrastBorder, transparent); }
.unroll-out .legend { display: flex; gap: 6px; align-items: center; font-size: 11px; color: var(--vscode-descriptionForeground); }
.unroll-out .legend .bar { display: inline-block; width: 120px; height: 8px; border: 1px solid var(--vscode-contrastBorder, transparent); }

/* generated text */
.unroll-out pre.generated { white-space: pre-wrap; word-break: break-word; font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); margin: 4px 0; padding: 6px 8px; background: var(--vscode-textCodeBlock-background, transparent); border: 1px solid var(--vscode-contrastBorder, transparent); }
.unroll-out pre.generated .seed { background: var(--vscode-editor-findMatchHighlightBackground, var(--vscode-editor-selectionBackground)); outline: 1px solid var(--vscode-contrastActiveBorder, transparent); font-weight: 600; }

/* melody */
.unroll-out .roll-wrap { overflow-x: auto; max-width: 100%; border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.unroll-out svg.roll { display: block; background: var(--vscode-editor-background); }
.unroll-out svg.roll .lane.black { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); }
.unroll-out svg.roll .lane.white { fill: var(--vscode-editor-background); }
.unroll-out svg.roll .beat { stroke: var(--vscode-panel-border, var(--vscode-contrastBorder, currentColor)); stroke-width: 1; stroke-opacity: 0.6; }
.unroll-out svg.roll .bar { stroke: var(--vscode-descriptionForeground); stroke-width: 1; stroke-opacity: 0.8; }
.unroll-out svg.roll rect.note { fill: var(--vscode-charts-blue, var(--vscode-focusBorder)); stroke: var(--vscode-editor-background); stroke-width: 1; rx: 2; }
.unroll-out svg.roll rect.note.seed { fill: var(--vscode-charts-orange, var(--vscode-foreground)); }
.unroll-out svg.roll rect.note.sounding { fill: var(--vscode-charts-yellow, var(--vscode-foreground)); }
.unroll-out svg.roll text { fill: var(--vscode-descriptionForeground); font-size: 10px; font-family: var(--vscode-editor-font-family, monospace); dominant-baseline: central; }
.unroll-out svg.roll line.playhead { stroke: var(--vscode-charts-red, var(--vscode-focusBorder)); stroke-width: 2; }
body.vscode-high-contrast .unroll-out svg.roll rect.note, body.vscode-high-contrast-light .unroll-out svg.roll rect.note { stroke: var(--vscode-contrastBorder, currentColor); }
`;

let sheet: CSSStyleSheet | undefined;

/** Adopts the stylesheet into the document or shadow root that holds `element`, once per root. */
export function adoptRendererStyles(element: HTMLElement): void {
  sheet ??= (() => {
    const s = new CSSStyleSheet();
    s.replaceSync(CSS);
    return s;
  })();
  const root = element.getRootNode();
  const target = root instanceof ShadowRoot ? root : document;
  if (!target.adoptedStyleSheets.includes(sheet)) target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
}
