// The few d3 functions the panels use (the packages ship no types; @types is not installed).
declare module 'd3-scale' {
  interface ContinuousScale {
    (v: number): number;
    domain(): number[];
    domain(d: number[]): this;
    range(r: number[]): this;
    clamp(c: boolean): this;
    invert(v: number): number;
    ticks(n?: number): number[];
    nice(): this;
  }
  interface SequentialScale {
    (v: number): string;
    domain(): number[];
    domain(d: number[]): this;
    clamp(c: boolean): this;
    interpolator(): (t: number) => string;
  }
  export function scaleLinear(): ContinuousScale;
  export function scaleLog(): ContinuousScale;
  export function scaleSequential(interp: (t: number) => string): SequentialScale;
  export function scaleSequentialLog(interp: (t: number) => string): SequentialScale;
}
declare module 'd3-scale-chromatic' {
  export const interpolateViridis: (t: number) => string;
  export const interpolateRdBu: (t: number) => string;
  export const interpolateInferno: (t: number) => string;
  export const interpolateTurbo: (t: number) => string;
  export const schemeTableau10: readonly string[];
}
