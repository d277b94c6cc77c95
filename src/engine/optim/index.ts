export * from './optimizers';
export * from './clip';
