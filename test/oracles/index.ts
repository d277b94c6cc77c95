/** Float64 forward reference for Keras layers: the oracle for graph and runtime tests. */
export * from './tensor';
export * from './activations';
export * from './cells';
export * from './rnn';
export * from './layers';
export * from './attention';
