export * from './pad';
export * from './tokenizer';
export * from './batcher';
