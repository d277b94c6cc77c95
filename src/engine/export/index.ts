export * from './export';
export * from './pytorch';
