export * from './fans';
export * from './initializers';
export { getInitializer, initializerNames, didYouMean, editDistance } from './resolve';
export type { InitializerSpec } from './resolve';
export { householderQR } from './qr';
