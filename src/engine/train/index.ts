export * from './step';
export * from './trainer';
export * from './batches';
