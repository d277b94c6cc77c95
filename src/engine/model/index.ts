export * from './symbolic';
export * from './call';
export * from './model';
