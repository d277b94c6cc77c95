export * from './types';
export * from './tensor';
export { physicalCores } from './cores';
export { SessionCache } from './cache';
export { NodeRuntime } from './node';
export { WebRuntime } from './web';
