export * from './types';
export * from './tensor';
export { physicalCores } from './cores';
export { SessionCache } from './cache';
export { intraOpThreadsFor, largestLoopProduct, ONE_THREAD_BELOW_MACS } from './threads';
export { NodeRuntime } from './node';
export { WebRuntime } from './web';
