// 8. Start-up of the processes users wait for, as ratios to `node -e 0` run interleaved: the MCP
// server from spawn to its `tools/list` answer (Claude Code starts it with every session), and
// `claude-mem status` and `help` from spawn to exit. `claude-mem search` is in the search suite.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { interleave, type BenchContext } from '../lib/context';
import { REPO_ROOT } from '../lib/env';
import { run } from '../lib/proc';
import type { Row, Section } from '../lib/report';
import { dist, round } from '../lib/stats';
import { label } from './session-start';

/** The targets, as the p50 ratio to `node -e 0`. */
export const STARTUP_RATIO_TARGET = 1.5;

const MCP = join(REPO_ROOT, 'dist/bin/mcp.js');
const CLI = join(REPO_ROOT, 'dist/bin/cli.js');

export async function startupBench(
  ctx: BenchContext,
  reps: number,
): Promise<Omit<Section, 'durationMs'>> {
  const n = ctx.profile.searchSizes[0] as number;
  const store = ctx.store(n);
  const env = store.data.env;
  const cwd = ctx.project.root;
  const failures = { mcp: 0, status: 0, help: 0 };
  const cli = (name: 'status' | 'help') => async () => {
    const r = await run(process.execPath, [CLI, name], { env, cwd });
    if (r.code !== 0) failures[name]++;
    return r.ms;
  };
  const mcp = async () => {
    try {
      return await mcpToolsList(env, cwd);
    } catch (err) {
      failures.mcp++;
      ctx.log(`startup: ${(err as Error).message}`);
      return Number.NaN;
    }
  };
  const baseline = async () => (await run(process.execPath, ['-e', '0'], { env, cwd })).ms;
  ctx.log(`startup: MCP tools/list, status, help; ${reps} reps, ${label(n)} observations`);
  const [base, m, s, h] = await interleave(
    reps,
    ctx.profile.warmup,
    [baseline, mcp, cli('status'), cli('help')],
    { budgetMs: ctx.profile.searchBudgetMs, minReps: 5 },
  );
  const b = dist(base as number[]);
  const row = (name: string, samples: number[], fails: number, target: boolean): Row => {
    const d = dist(samples.filter((x) => Number.isFinite(x)));
    const ratio = round(d.p50 / b.p50);
    return {
      name,
      unit: 'ms',
      dist: d,
      baseline: { name: 'node -e 0', dist: b },
      ratioP50: ratio,
      ratioP99: round(d.p99 / b.p99),
      target: target ? `p50 ≤ ${STARTUP_RATIO_TARGET}× node -e 0` : null,
      pass: target ? ratio <= STARTUP_RATIO_TARGET && fails === 0 : null,
      ...(fails ? { note: `${fails} failures` } : {}),
    };
  };
  return {
    status: 'ok',
    rows: [
      row(`MCP server start → tools/list answer, ${label(n)} observations`, m as number[], failures.mcp, true),
      row(`claude-mem status process, ${label(n)} observations`, s as number[], failures.status, true),
      row('claude-mem help process', h as number[], failures.help, false),
    ],
  };
}

/** Spawn the MCP server as Claude Code does and time spawn → the `tools/list` answer on stdout. */
function mcpToolsList(env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [MCP], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let ms: number | undefined;
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      if (ms === undefined && /"id":2[,}]/.test(buf) && buf.includes('"tools"')) {
        ms = performance.now() - t0;
        child.stdin.end(); // end of session: the server exits
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (ms === undefined) reject(new Error(`MCP server exited ${code} without answering tools/list`));
      else resolve(ms);
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  });
}
