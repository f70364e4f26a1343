export * from './errors';
export * from './records';
export * from './hook-input';
export * from './worker-runtime';
export * from './team';
