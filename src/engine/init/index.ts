export * from './fans';
export * from './initializers';
export { getInitializer } from './resolve';
export type { InitializerSpec } from './resolve';
export { householderQR } from './qr';
