export * from './layer';
export * from './activations';
export * from './cells';
export * from './dense';
export * from './embedding';
export * from './rnn';
export * from './sequential';
export * from './wrappers';
