import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { searchPath, type ProviderConfig } from '../../config';
import { classifyHttp, FAILURE_FIXES, type FailureKind } from '../../contracts';
import { CANNOT_RUN, runInGroup, type GroupRun } from './child-process';
import type { Provider, ProviderFailure, ProviderRequest, ProviderResult } from './types';

type ClaudeCodeConfig = Extract<ProviderConfig, { provider: 'claude-code' }>;

/**
 * The flags of one compression call, each there for a reason:
 * - `-p --output-format json`: one JSON result on stdout, with usage for the daily budget;
 * - `--tools ""`: the model gets no tools (the memory agent is a function, not an agent);
 * - `--strict-mcp-config --mcp-config {empty}`: no MCP server starts, the user's included;
 * - `--safe-mode`: no plugins (ours included), hooks, CLAUDE.md, skills or custom agents, while
 *   the CLI's login and `env` settings still apply; `disableAllHooks` says the same once more;
 * - `--no-session-persistence`: the call never shows up in `claude --resume`;
 * - `--name`: a fixed title, which also spares the CLI a second model call to invent one.
 * The prompt goes on stdin, never in argv, where any local user could read it with `ps`.
 */
export function claudeCodeArgs(model: string, system: string): string[] {
  return [
    '-p',
    '--output-format',
    'json',
    '--model',
    model,
    '--system-prompt',
    system,
    '--tools',
    '',
    '--strict-mcp-config',
    '--mcp-config',
    '{"mcpServers":{}}',
    '--safe-mode',
    '--settings',
    '{"disableAllHooks":true}',
    '--no-session-persistence',
    '--disable-slash-commands',
    '--name',
    'claude-mem memory agent',
  ];
}

const OUTPUT_CAP = 4_000;

/** Compress through the user's own `claude` CLI, run headless in its own process group. */
export function claudeCodeProvider(cfg: ClaudeCodeConfig): Provider {
  return {
    name: 'claude-code',
    model: cfg.model,
    baseUrlHost: '',
    async call(req: ProviderRequest): Promise<ProviderResult> {
      const bin = resolveClaudeBinary(cfg);
      if (!bin.ok) return bin.failure;
      try {
        mkdirSync(cfg.workDir, { recursive: true, mode: 0o700 });
      } catch (err) {
        return fail('bad_request', `cannot create ${cfg.workDir} for the claude CLI: ${(err as Error).message}`);
      }
      const run = await runInGroup({
        command: bin.path,
        args: claudeCodeArgs(cfg.model, req.system),
        input: req.user,
        env: { ...cfg.env, CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(req.maxTokens) },
        cwd: cfg.workDir,
        timeoutMs: cfg.timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      return readRun(run, bin.path, cfg);
    },
  };
}

/** `CLAUDE_MEM_CLAUDE_PATH`, else `claude` on the child's PATH; looked up on every call, so installing Claude Code later just works. */
export function resolveClaudeBinary(
  cfg: Pick<ClaudeCodeConfig, 'claudePath' | 'env'>,
): { ok: true; path: string } | { ok: false; failure: ProviderFailure } {
  if (cfg.claudePath) {
    if (isExecutable(cfg.claudePath)) return { ok: true, path: cfg.claudePath };
    return {
      ok: false,
      failure: fail(
        'bad_request',
        `CLAUDE_MEM_CLAUDE_PATH is ${cfg.claudePath}, which is not an executable file. Point it at your claude CLI (\`which claude\`), or clear it to use the one on PATH.`,
      ),
    };
  }
  for (const dir of searchPath(cfg.env)) {
    const p = join(dir, 'claude');
    if (isExecutable(p)) return { ok: true, path: p };
  }
  return {
    ok: false,
    failure: fail(
      'bad_request',
      'The claude CLI was not found on PATH. Install Claude Code, or set CLAUDE_MEM_CLAUDE_PATH to the claude executable (`claude-mem config set CLAUDE_MEM_CLAUDE_PATH /path/to/claude`), or choose another provider.',
    ),
  };
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch (err) {
    void err; // missing or not executable: the caller says which path and how to fix it
    return false;
  }
}

/** What a finished (or killed) run means: the JSON result, or a typed failure naming the cause and the fix. */
function readRun(run: GroupRun, bin: string, cfg: ClaudeCodeConfig): ProviderResult {
  const body = verbatim(run);
  if (run.spawnError) return fail('bad_request', `cannot start the claude CLI (${bin}): ${run.spawnError}`, body);
  if (run.killed === 'timeout')
    return fail(
      'transient',
      `the claude CLI timed out after ${cfg.timeoutMs} ms and was stopped (CLAUDE_MEM_MODEL_TIMEOUT_MS); if it hangs every time, run \`claude -p hi\` yourself to see why`,
      body,
    );
  if (run.killed === 'aborted') return fail('transient', 'aborted by the worker; the claude CLI was stopped', body);
  if (run.code === CANNOT_RUN && !run.stdout.trim())
    return fail('bad_request', `cannot run the claude CLI (${bin}): ${lastLine(run.stderr)}. Check CLAUDE_MEM_CLAUDE_PATH.`, body);
  const result = parseResult(run.stdout);
  if (!result) return noResult(run, body);
  if (result.is_error === true || result.subtype !== 'success') return resultFailure(result, body);
  if (typeof result.result !== 'string')
    return fail('bad_output', 'the claude CLI answered without a result text', body);
  const usage = result.usage ?? {};
  return {
    ok: true,
    text: result.result,
    // Cache reads and writes are input too: the daily budget counts everything the model read.
    inputTokens: num(usage.input_tokens) + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens),
    outputTokens: num(usage.output_tokens),
    model: Object.keys(result.modelUsage ?? {})[0] ?? cfg.model,
  };
}

interface CliResult {
  type?: unknown;
  subtype?: unknown;
  is_error?: unknown;
  result?: unknown;
  api_error_status?: unknown;
  terminal_reason?: unknown;
  usage?: {
    input_tokens?: unknown;
    output_tokens?: unknown;
    cache_creation_input_tokens?: unknown;
    cache_read_input_tokens?: unknown;
  };
  modelUsage?: Record<string, unknown>;
}

/** The last stdout line that is a JSON `result` object (the CLI may print warnings before it). */
function parseResult(stdout: string): CliResult | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const j = JSON.parse(t) as CliResult;
      if (typeof j === 'object' && j !== null && j.type === 'result') return j;
    } catch (err) {
      void err; // not this line: keep looking
    }
  }
  return undefined;
}

/** No JSON result: an old CLI refusing a flag, a crash, or a program that is not Claude Code. */
function noResult(run: GroupRun, body: string): ProviderFailure {
  const exit = run.code === null ? `signal ${run.signal ?? '?'}` : `exit code ${run.code}`;
  const said = lastLine(run.stderr) || lastLine(run.stdout) || '(no output)';
  if (/unknown option|unknown argument|error: option/i.test(run.stderr))
    return fail(
      'bad_request',
      `the claude CLI refused our flags (${exit}): ${said}. Update Claude Code (\`claude update\`; 2.1.197 or later is known to work).`,
      body,
    );
  if (run.code === 0)
    return fail('bad_output', `the claude CLI printed no JSON result (${exit}): ${said}. Is CLAUDE_MEM_CLAUDE_PATH really Claude Code?`, body);
  return fail('transient', `the claude CLI failed (${exit}): ${said}`, body);
}

const AUTH = [/not logged in/i, /\/login/, /invalid api key/i, /oauth token/i, /authentication/i, /unauthori[sz]ed/i];
const QUOTA = [/usage limit/i, /hit your limit/i, /limit reached/i, /out of (extra )?usage/i, /credit balance/i, /billing/i];

/** An error result: the CLI's own message verbatim, a kind from it, and the fix. */
function resultFailure(r: CliResult, body: string): ProviderFailure {
  const said = typeof r.result === 'string' && r.result ? r.result : `error result (${String(r.subtype)})`;
  const status = typeof r.api_error_status === 'number' ? r.api_error_status : undefined;
  const kind = errorKind(said, status, r.terminal_reason);
  const out = fail(kind, `claude CLI: ${said}${FIX[kind] ? ` — ${FIX[kind]}` : ''}`, body);
  return status !== undefined ? { ...out, status } : out;
}

function errorKind(said: string, status: number | undefined, terminal: unknown): FailureKind {
  if (terminal === 'prompt_too_long') return 'context_overflow';
  if (QUOTA.some((re) => re.test(said))) return 'quota';
  if (status === 401 || AUTH.some((re) => re.test(said))) return 'auth';
  if (status !== undefined) return classifyHttp(status, said);
  if (/parse|unexpected token|invalid json/i.test(said)) return 'bad_output';
  return 'transient';
}

/** The kinds whose fix is added to the message: no retry fixes them, the user must act. */
const FIX: Partial<Record<FailureKind, string>> = {
  auth: FAILURE_FIXES['claude-code'].auth,
  quota: FAILURE_FIXES['claude-code'].quota,
  bad_request: FAILURE_FIXES['claude-code'].bad_request,
};

function fail(kind: FailureKind, message: string, body?: string): ProviderFailure {
  return { ok: false, kind, message, ...(body ? { body } : {}) };
}

/** stdout and stderr as the CLI printed them (capped), for worker-error.log. */
function verbatim(run: GroupRun): string {
  const parts = [];
  if (run.stdout.trim()) parts.push(`stdout: ${cap(run.stdout.trim())}`);
  if (run.stderr.trim()) parts.push(`stderr: ${cap(run.stderr.trim())}`);
  return parts.join('\n');
}

function cap(s: string): string {
  return s.length > OUTPUT_CAP ? `${s.slice(0, OUTPUT_CAP)}…[truncated]` : s;
}

function lastLine(s: string): string {
  return s.trim().split('\n').pop()?.trim().slice(0, 300) ?? '';
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
