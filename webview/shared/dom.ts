// Small DOM helpers shared by the panels (no framework; CSP allows no inline style attributes,
// so styling goes through classes and the adopted stylesheet).
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | undefined> = {}, ...children: (Node | string | null | undefined)[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Calls `fn` at most once per animation frame with the latest arguments. */
export function coalesce<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
  let pending: A | null = null;
  return (...a: A) => {
    const first = pending === null;
    pending = a;
    if (first) requestAnimationFrame(() => { const p = pending!; pending = null; fn(...p); });
  };
}

/**
 * Theme colours read so far. A canvas redrawn with every gradient frame asks for its colours each
 * time, and getComputedStyle after the frame's DOM changes is a style recalculation of the page:
 * the colours change only with the theme, so they are read once per theme.
 */
const themeColors = new Map<string, string>();
let watchingTheme = false;

/** A theme colour from a --vscode-* variable (canvas and exported SVG need real colours). */
export function themeColor(name: string, fallback: string): string {
  if (!watchingTheme) {
    watchingTheme = true;
    onThemeChange(() => {});
  }
  let v = themeColors.get(name);
  if (v === undefined) {
    v = getComputedStyle(document.body).getPropertyValue(name).trim();
    themeColors.set(name, v);
  }
  return v || fallback;
}

/**
 * Calls `fn` when the colour theme changes: VS Code swaps the body's theme class and rewrites the
 * --vscode-* variables on <html>. What a canvas drew in the old theme's colours must be redrawn.
 * The colours themeColor remembers are forgotten first, whichever observer runs first.
 */
export function onThemeChange(fn: () => void): void {
  const observer = new MutationObserver(() => {
    themeColors.clear();
    fn();
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
