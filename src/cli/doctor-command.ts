import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { probeProvider } from '../agent';
import { claudeConfigDir, loadConfig, resolvePaths, type Config } from '../config';
import { fixFor, isMemError } from '../contracts';
import { createFileLogger } from '../log';
import { earlierDatabasePending, openStore, queueCounts, relatedWordsAvailable, schemaVersion, sqliteDriver } from '../store';
import { isPortHeld, portHeldMessage, probeWorker } from '../worker';
import { claudeSettingsWarnings } from './claude-plugins';
import type { Command } from './context';
import { dataDirHealth } from './data-health';

type Level = 'ok' | 'warn' | 'fail';
interface Finding {
  level: Level;
  check: string;
  detail: string;
}

/** `claude-mem doctor [--probe]`: what is wrong with this install, each finding naming its fix. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check configuration, file modes, the database and the worker; --probe sends one tiny model request.',
  usage: 'claude-mem doctor [--probe] [--json]\n  --probe  send one tiny request to the configured provider and report the exact outcome',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { probe: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
    const findings: Finding[] = [];
    const add = (level: Level, check: string, detail: string) => findings.push({ level, check, detail });
    let cfg: Config | undefined;
    try {
      cfg = loadConfig({ env: ctx.env, home: ctx.home });
      add('ok', 'config', `provider ${cfg.provider.provider}, model ${cfg.provider.model}`);
      for (const w of cfg.warnings) add('warn', 'config', w);
      if (cfg.unknownKeys.length) add('warn', 'config', `unknown keys in ${cfg.paths.settingsPath}: ${cfg.unknownKeys.join(', ')}`);
      if (cfg.originalKeys.length)
        add('ok', 'config', `${cfg.originalKeys.length} keys of the original claude-mem in ${cfg.paths.settingsPath} are ignored (and kept)`);
      if (cfg.ignoredCredentialKeys.length)
        add('warn', 'config', `keys in ${cfg.paths.envPath} that claude-mem ignores: ${cfg.ignoredCredentialKeys.join(', ')}`);
    } catch (err) {
      if (!isMemError(err)) throw err;
      add('fail', 'config', `${err.message}${err.hint ? ` Fix: ${err.hint}` : ''}`);
    }
    for (const w of claudeSettingsWarnings(claudeConfigDir(ctx.env, ctx.home, ctx.cwd))) add('warn', 'plugins', w);
    // Disk, spool and lost events: reported with a broken config too (the hooks spool meanwhile).
    for (const f of dataDirHealth(cfg?.paths ?? resolvePaths(ctx.env, ctx.home))) add(f.level, f.check, f.detail);
    if (cfg) {
      checkModes(cfg, add);
      checkDatabase(cfg, add);
      checkLexicon(add);
      await checkWorker(cfg, add);
      if (values.probe) await probe(cfg, add);
    }
    if (values.json) ctx.out.json({ findings });
    else for (const f of findings) ctx.out.line(`${f.level.toUpperCase().padEnd(4)}  ${f.check.padEnd(8)}  ${f.detail}`);
    return findings.some((f) => f.level === 'fail') ? 1 : 0;
  },
};

type Add = (level: Level, check: string, detail: string) => void;

function checkModes(cfg: Config, add: Add): void {
  const p = cfg.paths;
  const expected: Array<[string, number]> = [
    [p.dataDir, 0o700],
    [p.envPath, 0o600],
    [p.settingsPath, 0o600],
    [p.tokenPath, 0o600],
    [p.dbPath, 0o600],
  ];
  for (const [path, mode] of expected) {
    if (!existsSync(path)) continue;
    const actual = statSync(path).mode & 0o777;
    if ((actual & ~mode) !== 0) add('warn', 'files', `${path} is mode ${actual.toString(8)}; run: chmod ${mode.toString(8)} ${path}`);
    else add('ok', 'files', `${path} (${actual.toString(8)})`);
  }
  if (!existsSync(p.dataDir)) add('warn', 'files', `${p.dataDir} does not exist yet; \`claude-mem start\` creates it`);
}

function checkDatabase(cfg: Config, add: Add): void {
  try {
    add('ok', 'database', `SQLite driver: ${sqliteDriver()} (Node ${process.version})`);
  } catch (err) {
    const hint = isMemError(err) && err.hint ? ` Fix: ${err.hint}` : '';
    add('fail', 'database', `${(err as Error).message}${hint}`);
    return;
  }
  if (earlierDatabasePending(cfg.paths)) {
    add(
      'warn',
      'database',
      `${cfg.paths.originalDbPath} is from an earlier claude-mem build; it becomes ${cfg.paths.dbPath} when the worker next starts: run \`claude-mem worker restart\``,
    );
    return;
  }
  if (existsSync(cfg.paths.originalDbPath)) {
    add('ok', 'database', `${cfg.paths.originalDbPath} belongs to the original claude-mem: claude-mem never opens it for writing, moves or deletes it`);
  }
  if (!existsSync(cfg.paths.dbPath)) {
    add('ok', 'database', `${cfg.paths.dbPath} not created yet (the first hook or the worker creates it)`);
    return;
  }
  try {
    const db = openStore(cfg.paths.dbPath, { readonly: true });
    try {
      const q = queueCounts(db);
      add('ok', 'database', `schema v${schemaVersion(db)}; queue: ${q.queued} queued, ${q.processing} processing, ${q.failed} failed`);
    } finally {
      db.close();
    }
  } catch (err) {
    add('fail', 'database', `${cfg.paths.dbPath}: ${(err as Error).message}`);
  }
}

function checkLexicon(add: Add): void {
  if (relatedWordsAvailable()) add('ok', 'search', 'related-words lexicon found (dist/lexicon.db)');
  else {
    add(
      'warn',
      'search',
      'dist/lexicon.db is missing or unreadable: search works but will not find records by related words; run `npm run build` in the claude-mem folder',
    );
  }
}

async function checkWorker(cfg: Config, add: Add): Promise<void> {
  const w = await probeWorker(cfg.paths);
  if (w.locked && w.runtime && w.healthy) add('ok', 'worker', `running (pid ${w.runtime.pid}, port ${w.runtime.port})`);
  else if (w.locked) add('warn', 'worker', 'holds the lock but does not answer; see `claude-mem worker logs`, or `claude-mem worker restart`');
  else add('warn', 'worker', 'not running; start it with `claude-mem worker start`');
  const configured = cfg.settings.CLAUDE_MEM_WORKER_PORT;
  if (w.locked && w.runtime?.heldPort !== undefined) add('warn', 'port', portHeldMessage(w.runtime.heldPort, w.runtime.port));
  else if (!w.locked && (await isPortHeld(configured))) add('warn', 'port', portHeldMessage(configured));
}

/** One tiny request to the configured backend; the exact outcome (status, request id, body) is reported. */
async function probe(cfg: Config, add: Add): Promise<void> {
  const logger = createFileLogger({ logsDir: cfg.paths.logsDir, component: 'cli', prefix: 'cli' });
  const r = await probeProvider(cfg.provider, { logger, credentialsFile: cfg.paths.envPath });
  const where = `${r.provider} ${r.model}${r.baseUrlHost ? ` at ${r.baseUrlHost}` : ''}`;
  const meta = [
    r.status !== undefined ? `HTTP ${r.status}` : '',
    r.requestId ? `request ${r.requestId}` : '',
    `${r.ms} ms`,
    r.inputTokens !== undefined ? `${r.inputTokens}+${r.outputTokens ?? 0} tokens` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (r.ok) add('ok', 'probe', `${where}: ${r.message} (${meta})`);
  else {
    // The same fix `status` and the viewer show for this kind (the claude-code adapter already says its own).
    const fix = r.kind ? fixFor(r.kind, cfg.provider.provider === 'claude-code' ? 'claude-code' : 'model') : undefined;
    add(
      'fail',
      'probe',
      `${where}: ${r.kind ?? 'error'}: ${r.message} (${meta})${r.bodyExcerpt ? `\n      body: ${r.bodyExcerpt}` : ''}${fix && !r.message.includes(fix) ? `\n      fix: ${fix}` : ''}`,
    );
  }
}
