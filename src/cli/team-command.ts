import { parseArgs } from 'node:util';
import { displayCredential, gitRemoteUrl, redactUrl, resolveProject, type Config } from '../config';
import { MemError, normalizeRemote } from '../contracts';
import { findProjectByRoot, listSharedProjects, shareProject, unshareProject, upsertProject, type Db, type SharedProject } from '../store';
import { checkServer, createTeamClient, type ServerCheck } from '../sync';
import type { CliContext, Command } from './context';
import { exitCodeFor } from './exit-codes';
import { withMemoryDb } from './search-db';

/**
 * `claude-mem team`: opt a repository in to team memory (`share`), out again (`unshare`), and
 * see how syncing goes (`status`). The worker does the syncing; these commands only mark projects
 * in the local database, and `status` asks the server a few read-only questions.
 */
export const teamCommand: Command = {
  name: 'team',
  summary: 'Share this repository\'s memory with your team server (share/unshare) and show sync status.',
  usage: [
    'claude-mem team share      share the memory of the repository you are in (by its git remote)',
    'claude-mem team unshare    stop sharing it (what teammates shared stays here)',
    'claude-mem team status [--json]   server, key, last sync, backlog and errors per shared project',
    '',
    'The server is CLAUDE_MEM_TEAM_URL (settings.json); the key is CLAUDE_MEM_TEAM_KEY in the data',
    'dir\'s .env. Only shared projects ever leave this machine. See docs/team-server.md.',
  ].join('\n'),
  async run(args, ctx) {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
    const [sub, ...extra] = positionals;
    if (extra.length) throw new MemError('validation', `team ${sub} takes no arguments (got "${extra.join(' ')}").`, { hint: 'Run it inside the repository.' });
    if (sub === 'share') return withMemoryDb(ctx, (db) => share(ctx, db));
    if (sub === 'unshare') return withMemoryDb(ctx, (db) => unshare(ctx, db));
    if (sub === 'status' || sub === undefined) return status(ctx, values.json ?? false);
    throw new MemError('validation', `Unknown team subcommand "${sub}".`, { hint: 'Use `claude-mem team share`, `team unshare` or `team status`.' });
  },
};

/** The repository at cwd and its normalized remote, or an error saying why it cannot be shared. */
function repositoryHere(ctx: CliContext): { root: string; name: string; remote: string } {
  const project = resolveProject(ctx.cwd);
  const found = gitRemoteUrl(project.root);
  if (!found) {
    throw new MemError('validation', `${project.root} has no git remote, so it cannot be shared.`, {
      hint: 'A shared project is recognized on every machine by its git remote URL. Add one (git remote add origin <url>), then run `claude-mem team share` again.',
    });
  }
  const remote = normalizeRemote(found.url);
  if (!remote) {
    throw new MemError('validation', `The remote "${found.name}" of ${project.root} is not a URL a team server can name a project by.`, {
      hint: 'Use an https, ssh or scp-like remote (git@host:org/repo.git).',
    });
  }
  return { root: project.root, name: project.name, remote };
}

function share(ctx: CliContext, db: Db): number {
  const repo = repositoryHere(ctx);
  const now = ctx.now().toISOString();
  const projectId = upsertProject(db, repo.root, repo.name, now);
  const already = listSharedProjects(db).find((p) => p.projectId === projectId);
  const queued = shareProject(db, { projectId, remote: repo.remote, now });
  ctx.out.line(`${already ? 'Still sharing' : 'Sharing'} ${repo.root} as ${repo.remote}.`);
  if (queued) ctx.out.line(`${queued} record(s) recorded here so far are queued to push.`);
  const cfg = ctx.config();
  const missing = missingSettings(cfg);
  if (missing) ctx.out.warn(`Nothing is sent yet: ${missing} The worker pushes and pulls once it is set.`);
  else ctx.out.line(`The worker pushes to and pulls from ${redactUrl(cfg.settings.CLAUDE_MEM_TEAM_URL)} in the background; \`claude-mem team status\` shows how it goes.`);
  return 0;
}

function unshare(ctx: CliContext, db: Db): number {
  const project = resolveProject(ctx.cwd);
  const row = findProjectByRoot(db, project.root);
  if (!row || !unshareProject(db, row.id)) {
    ctx.out.line(`${project.root} is not shared; nothing changed.`);
    return 0;
  }
  ctx.out.line(`Stopped sharing ${project.root}: nothing more of it leaves this machine. What teammates shared stays in your memory.`);
  return 0;
}

function missingSettings(cfg: Config): string | undefined {
  if (!cfg.settings.CLAUDE_MEM_TEAM_URL) return `CLAUDE_MEM_TEAM_URL is not set (claude-mem config set CLAUDE_MEM_TEAM_URL https://team.example.com).`;
  if (!cfg.credentials.CLAUDE_MEM_TEAM_KEY) return `CLAUDE_MEM_TEAM_KEY is not set in ${cfg.paths.envPath} (the key \`claude-mem server add-user\` printed).`;
  return undefined;
}

interface StatusReport {
  server: string | null;
  key: string;
  check: ServerCheck | null;
  projects: SharedProject[];
}

async function status(ctx: CliContext, json: boolean): Promise<number> {
  const cfg = ctx.config();
  const projects = await withMemoryDb(ctx, (db) => listSharedProjects(db));
  const url = cfg.settings.CLAUDE_MEM_TEAM_URL;
  const key = cfg.credentials.CLAUDE_MEM_TEAM_KEY;
  const client = url ? createTeamClient({ url, key: key ?? '', timeoutMs: 10_000 }) : undefined;
  const check = client && key ? await checkServer(client, ctx.now) : null;
  const report: StatusReport = { server: client?.server ?? null, key: displayCredential('CLAUDE_MEM_TEAM_KEY', key), check, projects };
  if (json) ctx.out.json(report);
  else printStatus(ctx, cfg, report);
  const problem = check?.problems[0];
  if (problem) return exitCodeFor(problem.kind === 'unauthorized' ? 'unauthorized' : problem.kind === 'clock_skew' ? 'config_invalid' : 'worker_unreachable');
  return 0;
}

function printStatus(ctx: CliContext, cfg: Config, r: StatusReport): void {
  const missing = missingSettings(cfg);
  ctx.out.line(`Team server: ${r.server ?? 'not set'}`);
  ctx.out.line(`Key:         ${r.key}`);
  if (missing) ctx.out.line(`Team sync is off: ${missing}`);
  if (r.check) {
    const h = r.check.health;
    if (h) ctx.out.line(`Server:      reachable, version ${h.version}, API ${h.apiVersion}${r.check.skewMs !== undefined ? `, clock ${Math.round(r.check.skewMs / 1000)} s from ours` : ''}`);
    for (const p of r.check.problems) ctx.out.line(`Error:       ${p.message}${p.hint ? `\n             Fix: ${p.hint}` : ''}`);
    if (!r.check.problems.length) ctx.out.line('Key:         accepted');
  }
  ctx.out.line('');
  if (!r.projects.length) {
    ctx.out.line('No project is shared. Run `claude-mem team share` inside a repository to share its memory.');
    return;
  }
  ctx.out.line('Shared projects:');
  for (const p of r.projects) {
    const last = [p.lastPushAt, p.lastPullAt].filter((x): x is string => !!x).sort().pop();
    ctx.out.line(`  ${p.remote}  (${p.root})`);
    ctx.out.line(`    last sync: ${last ?? 'never'}   backlog: ${p.backlog} record(s) to push`);
    if (p.lastError) ctx.out.line(`    last error (${p.lastErrorAt ?? '?'}): ${p.lastError}`);
  }
}
