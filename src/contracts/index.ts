export * from './errors';
export * from './failures';
export * from './records';
export * from './hook-input';
export * from './worker-runtime';
export * from './team';
export * from './worker-api';
