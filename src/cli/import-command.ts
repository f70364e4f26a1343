import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { importStallAfterBatches } from '../config';
import { exportLineSchema, MemError, type ExportLine } from '../contracts';
import { sanitize } from '../privacy';
import { insertObservation, insertSummary, openOriginal, upsertProject, type Db } from '../store';
import type { CliContext, Command } from './context';
import { importOriginal, openForDryRun, type ImportReport } from './import-original';
import { withMemoryDb } from './search-db';

const BATCH = 500;
const MAX_REPORTED = 20;

/**
 * `claude-mem import memories.jsonl`: restore an export. Records keep their uids, so importing
 * the same file twice adds nothing. Bad lines are reported with their numbers and skipped; every
 * valid line is still imported. Content passes the privacy filter like any other write.
 */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import memories from a JSONL export, or from the original claude-mem (--from-claude-mem).',
  usage: [
    'claude-mem import <memories.jsonl>',
    'claude-mem import --from-claude-mem [PATH] [--dry-run] [--json] [--batch-size N]',
    '  PATH defaults to claude-mem.db in the data dir; it is only read, never changed.',
  ].join('\n'),
  async run(args, ctx) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'from-claude-mem': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        'batch-size': { type: 'string' },
      },
    });
    if (values['from-claude-mem']) {
      if (positionals.length > 1) throw new MemError('validation', '--from-claude-mem takes at most one path.', { hint: 'Run: claude-mem import --from-claude-mem [PATH]' });
      return runFromOriginal(ctx, positionals[0], { dryRun: values['dry-run'] ?? false, json: values.json ?? false, batchSize: values['batch-size'] });
    }
    if (values['dry-run'] || values.json || values['batch-size']) {
      throw new MemError('validation', '--dry-run, --json and --batch-size go with --from-claude-mem.', { hint: 'Run: claude-mem import --from-claude-mem --dry-run' });
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new MemError('validation', 'import needs exactly one file.', { hint: 'Run: claude-mem import memories.jsonl' });
    const path = resolve(ctx.cwd, file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch (err) {
      throw new MemError('not_found', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}.`, { cause: err });
    }
    const redact = ctx.config().settings.CLAUDE_MEM_REDACT_SECRETS;
    return withMemoryDb(ctx, async (db) => {
      const tally = { observations: 0, summaries: 0, duplicates: 0, bad: 0 };
      const now = ctx.now().toISOString();
      let batch: ExportLine[] = [];
      let bytes = 0;
      let lineNo = 0;
      const flush = () => {
        db.transaction(() => {
          for (const line of batch) store(db, sanitize(line, { redact }), now, tally);
        }).immediate();
        batch = [];
        ctx.out.progress?.(bar(bytes, size));
      };
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
      for await (const text of lines) {
        lineNo++;
        bytes += Buffer.byteLength(text) + 1;
        if (!text.trim()) continue;
        const parsed = parseLine(text);
        if (typeof parsed === 'string') {
          tally.bad++;
          if (tally.bad <= MAX_REPORTED) ctx.out.warn(`line ${lineNo}: ${parsed}`);
          continue;
        }
        batch.push(parsed);
        if (batch.length >= BATCH) flush();
      }
      flush();
      ctx.out.progress?.('');
      if (tally.bad > MAX_REPORTED) ctx.out.warn(`…and ${tally.bad - MAX_REPORTED} more bad line(s).`);
      ctx.out.line(
        `Imported ${tally.observations} observation(s) and ${tally.summaries} summary(ies); ` +
          `${tally.duplicates} already present; ${tally.bad} bad line(s) skipped.`,
      );
      return tally.bad ? 65 : 0;
    });
  },
};

function parseLine(text: string): ExportLine | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  const r = exportLineSchema.safeParse(json);
  if (!r.success) {
    return r.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
  }
  return r.data;
}

function store(db: Db, line: ExportLine, now: string, tally: { observations: number; summaries: number; duplicates: number }): void {
  const projectId = upsertProject(db, line.projectRoot, line.project, now);
  const base = { uid: line.uid, projectId, sessionId: null, promptNumber: null, createdAt: line.createdAt, origin: line.origin };
  if (line.record === 'observation') {
    const { record, uid, project, projectRoot, createdAt, origin, ...draft } = line;
    void [record, uid, project, projectRoot, createdAt, origin];
    const id = insertObservation(db, { ...draft, ...base });
    if (id === undefined) tally.duplicates++;
    else tally.observations++;
  } else {
    const { record, uid, project, projectRoot, createdAt, origin, ...draft } = line;
    void [record, uid, project, projectRoot, createdAt, origin];
    const id = insertSummary(db, { ...draft, ...base, model: null });
    if (id === undefined) tally.duplicates++;
    else tally.summaries++;
  }
}

function bar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const width = 30;
  const filled = Math.round(share * width);
  return `importing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`;
}

/**
 * `import --from-claude-mem [PATH]`: check the original's file first (nothing is opened or
 * created on our side when it is refused), then import from a private snapshot of it.
 */
async function runFromOriginal(
  ctx: CliContext,
  file: string | undefined,
  opts: { dryRun: boolean; json: boolean; batchSize: string | undefined },
): Promise<number> {
  const cfg = ctx.config();
  const path = file ? resolve(ctx.cwd, file) : cfg.paths.originalDbPath;
  const batchSize = opts.batchSize === undefined ? BATCH : Number(opts.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new MemError('validation', `--batch-size must be a whole number from 1 to 100000, got "${opts.batchSize}".`);
  }
  const src = openOriginal(path);
  try {
    const run = (db: Db | undefined): ImportReport =>
      importOriginal(src, db, cfg, {
        dryRun: opts.dryRun,
        batchSize,
        now: ctx.now().toISOString(),
        home: ctx.home,
        stallAfter: importStallAfterBatches(ctx.env),
        onStall: () => {
          ctx.out.warn('import stalled on purpose (CLAUDE_MEM_TEST_IMPORT_STALL_AFTER)');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600_000);
        },
        onProgress: (done, total) => ctx.out.progress?.(bar(done, total)),
      });
    let report: ImportReport;
    if (opts.dryRun) {
      const db = openForDryRun(cfg);
      try {
        report = run(db);
      } finally {
        db?.close();
      }
    } else {
      report = await withMemoryDb(ctx, (db) => run(db));
    }
    ctx.out.progress?.('');
    if (opts.json) ctx.out.json(report);
    else printReport(ctx, report);
    return 0;
  } finally {
    src.close();
  }
}

function printReport(ctx: CliContext, r: ImportReport): void {
  const out = ctx.out;
  out.line(`${r.dryRun ? 'Dry run (nothing written): would import' : 'Imported'} from ${r.path} (source ${r.source})`);
  out.line('');
  out.line(`${'table'.padEnd(12)} ${'in original'.padStart(11)} ${r.dryRun ? 'would import' : '    imported'} ${'partial'.padStart(7)} ${'skipped'.padStart(7)} ${'already'.padStart(7)}`);
  const names: Record<string, string> = { session: 'sessions', prompt: 'prompts', observation: 'observations', summary: 'summaries' };
  for (const [kind, t] of Object.entries(r.tables)) {
    out.line(
      `${(names[kind] ?? kind).padEnd(12)} ${String(t.inSource).padStart(11)} ${String(t.imported).padStart(12)} ${String(t.partial).padStart(7)} ${String(t.skipped).padStart(7)} ${String(t.already).padStart(7)}`,
    );
  }
  const projects = Object.entries(r.projects);
  if (projects.length) {
    out.line('');
    out.line(`per project (${r.dryRun ? 'would import' : 'imported now'}):`);
    for (const [name, c] of projects) {
      out.line(`  ${name}: ${c.observation} observations, ${c.summary} summaries, ${c.prompt} prompts, ${c.session} sessions`);
    }
  }
  for (const [label, list] of [['skipped', r.skipped], ['imported partially', r.partial]] as const) {
    if (!list.length) continue;
    out.line('');
    out.line(`${label}:`);
    for (const e of list) {
      const more = e.count > e.ids.length ? ', …' : '';
      out.line(`  ${e.count} ${names[e.kind] ?? e.kind}: ${e.reason} (original ids ${e.ids.join(', ')}${more})`);
    }
  }
  if (r.redacted) out.line(`\n${r.redacted} record(s) had <private> content or secret-shaped text removed on the way in.`);
  if (!r.dryRun && projects.length) {
    out.line('');
    out.line('Imported projects are linked to a repository of the same name the first time a session starts in it;');
    out.line('see `claude-mem projects` (and `projects link NAME PATH` to choose the folder yourself).');
  }
}
