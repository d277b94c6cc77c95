// Every op family registers its shape and gradient rules on import; import this module once.
export * from './elementwise';
export * from './activation';
export * from './select';
export * from './reduce';
export * from './matmul';
export * from './softmax';
export * from './shape';
export * from './gather';
export * from './recurrence';
export * from './triangular';
