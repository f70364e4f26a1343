import { parseArgs } from 'node:util';
import { baseUrlHost, ensureDataDir, resolvePaths } from '../config';
import type { Command } from './context';
import { ensureWorker } from './worker-control';

/**
 * `claude-mem start` (what `npm start` runs): make the data dir, start the worker or find the
 * running one, and say where the viewer is, which model writes memories, and what to do next.
 */
export const startCommand: Command = {
  name: 'start',
  summary: 'Start claude-mem: the data dir and the background worker; prints the viewer URL and next steps.',
  usage: 'claude-mem start',
  async run(args, ctx) {
    parseArgs({ args, options: {}, strict: true });
    ensureDataDir(resolvePaths(ctx.env, ctx.home));
    const cfg = ctx.config();
    const { started, runtime } = await ensureWorker(cfg.paths, ctx.env);
    const p = cfg.provider;
    const out = ctx.out;
    out.line(`claude-mem worker ${started ? 'started' : 'already running'} (pid ${runtime.pid}, data dir ${cfg.paths.dataDir})`);
    out.line('');
    out.line(`Viewer:       http://127.0.0.1:${runtime.port}/`);
    out.line('              run `claude-mem open` for a one-time login link');
    out.line(
      p.provider === 'offline'
        ? 'Memory agent: offline (observations are built without a model; nothing leaves this machine)'
        : p.provider === 'claude-code'
          ? `Memory agent: claude-code (your own claude CLI and its login), model ${p.model}`
          : `Memory agent: ${p.provider}, model ${p.model}, endpoint ${baseUrlHost(p)}`,
    );
    for (const w of cfg.warnings) out.warn(w);
    out.line('');
    out.line('Next steps:');
    out.line('  claude-mem install     register the Claude Code plugin (hooks and MCP search tools)');
    if (p.provider !== 'offline' && p.provider !== 'claude-code' && !hasCredential(p)) {
      out.line(`  credentials            put your key in ${cfg.paths.envPath} (e.g. ANTHROPIC_API_KEY=sk-ant-...),`);
      out.line('                         or run `claude-mem config set CLAUDE_MEM_PROVIDER offline` to use no model');
    }
    out.line('  claude-mem status      queue, tokens used today, last error');
    out.line('  claude-mem doctor      check the configuration (add --probe to send one tiny request)');
    return 0;
  },
};

function hasCredential(p: { provider: string; apiKey?: string; authToken?: string; baseURL?: string }): boolean {
  // A custom gateway may be tokenless, so a non-default base URL counts as configured.
  return Boolean(p.apiKey || p.authToken || (p.provider === 'claude' && p.baseURL !== 'https://api.anthropic.com'));
}
