// 8. Start-up of the processes users wait for, as ratios to `node -e 0` run interleaved: the MCP
// server from spawn to its `tools/list` answer (Claude Code starts it with every session), and
// `claude-mem status` and `help` from spawn to exit, and the worker from spawn to healthy.
// `claude-mem search` is in the search suite.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** Issue 17: the worker from spawn to healthy (its worker.json written) within 2× `node -e 0`. */
export const WORKER_RATIO_TARGET = 2;

const MCP = join(REPO_ROOT, 'dist/bin/mcp.js');
const WORKER = join(REPO_ROOT, 'dist/bin/worker.js');
const CLI = join(REPO_ROOT, 'dist/bin/cli.js');

export async function startupBench(
  ctx: BenchContext,
  reps: number,
): Promise<Omit<Section, 'durationMs'>> {
  const n = ctx.profile.searchSizes[0] as number;
  const store = ctx.store(n);
  const env = store.data.env;
  const cwd = ctx.project.root;
  const failures = { mcp: 0, status: 0, help: 0, worker: 0 };
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
  const worker = async () => {
    try {
      return await workerHealthy(env, cwd, store.data.paths.runtimePath);
    } catch (err) {
      failures.worker++;
      ctx.log(`startup: ${(err as Error).message}`);
      return Number.NaN;
    }
  };
  const baseline = async () => (await run(process.execPath, ['-e', '0'], { env, cwd })).ms;
  ctx.log(`startup: MCP tools/list, status, help, worker; ${reps} reps, ${label(n)} observations`);
  const [base, m, s, h, w] = await interleave(
    reps,
    ctx.profile.warmup,
    [baseline, mcp, cli('status'), cli('help'), worker],
    { budgetMs: ctx.profile.searchBudgetMs, minReps: 5 },
  );
  const b = dist(base as number[]);
  const row = (name: string, samples: number[], fails: number, target: number | null): Row => {
    const d = dist(samples.filter((x) => Number.isFinite(x)));
    const ratio = round(d.p50 / b.p50);
    return {
      name,
      unit: 'ms',
      dist: d,
      baseline: { name: 'node -e 0', dist: b },
      ratioP50: ratio,
      ratioP99: round(d.p99 / b.p99),
      target: target ? `p50 ≤ ${target}× node -e 0` : null,
      pass: target ? ratio <= target && fails === 0 : null,
      ...(fails ? { note: `${fails} failures` } : {}),
    };
  };
  return {
    status: 'ok',
    rows: [
      row(`MCP server start → tools/list answer, ${label(n)} observations`, m as number[], failures.mcp, STARTUP_RATIO_TARGET),
      row(`claude-mem status process, ${label(n)} observations`, s as number[], failures.status, STARTUP_RATIO_TARGET),
      row('claude-mem help process', h as number[], failures.help, null),
      row(`worker cold start → healthy (worker.json), ${label(n)} observations`, w as number[], failures.worker, WORKER_RATIO_TARGET),
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

/**
 * Spawn the worker as `claude-mem worker start` does and time spawn → its runtime file naming this
 * pid (written once it listens and holds the lock), then stop it and wait for its exit.
 */
async function workerHealthy(env: NodeJS.ProcessEnv, cwd: string, runtimePath: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [WORKER], { env, cwd, stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  try {
    const deadline = t0 + 30_000;
    for (;;) {
      if (runtimeNames(runtimePath, child.pid)) return performance.now() - t0;
      if (child.exitCode !== null) throw new Error(`worker exited ${child.exitCode} before it was healthy`);
      if (performance.now() > deadline) throw new Error('worker not healthy after 30 s');
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function runtimeNames(path: string, pid: number | undefined): boolean {
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { pid?: number }).pid === pid;
  } catch (err) {
    // Read while being written: not there yet.
    if (err instanceof SyntaxError) return false;
    throw err;
  }
}
