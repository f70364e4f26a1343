export { createMcpServer } from './server';
export type { McpDeps } from './deps';
