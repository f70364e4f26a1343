import { dirname, join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const ROOT = resolve(__dirname, '../..');

/**
 * The MCP SDK's own Client connected over stdio to a real `node dist/bin/mcp.js`, run in a
 * search sandbox's project folder with its data dir (and no worker port).
 */
export async function connectMcp(box: { dataDir: string; projectDir: string }): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'dist/bin/mcp.js')],
      cwd: box.projectDir,
      env: { PATH: process.env.PATH ?? '', HOME: dirname(box.dataDir), CLAUDE_MEM_DATA_DIR: box.dataDir, CLAUDE_MEM_WORKER_PORT: '0' },
      stderr: 'pipe',
    }),
  );
  return client;
}
