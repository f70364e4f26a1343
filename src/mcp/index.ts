export { createMcpServer } from './server';
export type { McpDeps } from './deps';
export { LineTransport, MAX_LINE_BYTES } from './stdio';
