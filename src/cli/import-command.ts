import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { exportLineSchema, MemError, type ExportLine } from '../contracts';
import { sanitize } from '../privacy';
import { insertObservation, insertSummary, upsertProject, type Db } from '../store';
import type { Command } from './context';
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
  summary: 'Import memories from a JSONL export (de-duplicated by uid).',
  usage: 'claude-mem import <memories.jsonl>',
  async run(args, ctx) {
    const { positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: {} });
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
