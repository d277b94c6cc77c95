// The one gradient channel's data: the diagram model, gradient frames and connectivity, the
// flag rule, the codec that carries them (NaN and ±Inf kept), and the stream that keeps them for
// the panels with the one throttle. Pure: no vscode, no Node-only API.
export * from './diagram';
export * from './cellInside';
export * from './fromLayers';
export * from './frames';
export * from './flags';
export * from './format';
export * from './codec';
export * from './stream';
export * from './throttle';
export * from './states';
export * from './saliency';
