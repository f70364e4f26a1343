import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ownLogBytes } from '../log';
import { fullVacuum, memoryStats, queueCounts, spaceByTable, vacuumMode, type Db } from '../store';
import type { Command } from './context';
import { withMemoryDb } from './search-db';

/**
 * `claude-mem stats`: what is stored, per project, type and origin; queue states; what takes the
 * space (tables and indexes, logs, spool). `--vacuum` rewrites the database once so it can give
 * free space back in small steps from then on (see docs/operations.md).
 */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'Counts of memories per project, type and origin; database size; queue states.',
  usage: 'claude-mem stats [--json] [--vacuum]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean' }, vacuum: { type: 'boolean' } } });
    const paths = ctx.config().paths;
    const dbPath = paths.dbPath;
    return withMemoryDb(ctx, (db) => {
      if (values.vacuum) {
        const before = fileBytes(dbPath);
        fullVacuum(db);
        ctx.out.line(`vacuumed ${dbPath}: ${humanBytes(before)} -> ${humanBytes(fileBytes(dbPath))}; free space is now given back as it appears.`);
      }
      const stats = memoryStats(db);
      const queue = queueCounts(db);
      const dbBytes = fileBytes(dbPath);
      const space = spaceReport(db, paths.logsDir, paths.spoolDir);
      if (values.json) {
        ctx.out.json({ ...stats, queue, dbBytes, dbPath, space });
        return 0;
      }
      ctx.out.line(`database: ${dbPath} (${humanBytes(dbBytes)})`);
      ctx.out.line(
        `observations: ${stats.observations}   summaries: ${stats.summaries}   prompts: ${stats.prompts}   vectors: ${stats.vectors}`,
      );
      ctx.out.line(`by type:   ${pairs(stats.byType)}`);
      ctx.out.line(`by origin: ${pairs(stats.byOrigin)}`);
      if (Object.keys(stats.imported).length) ctx.out.line(`imported:  ${pairs(stats.imported)} (from the original claude-mem)`);
      ctx.out.line(`queue:     ${pairs(queue)}`);
      ctx.out.line('');
      ctx.out.line(`space:     logs ${humanBytes(space.logs.bytes)} (${space.logs.files} files), spool ${humanBytes(space.spool.bytes)} (${space.spool.files} files), free in database ${humanBytes(space.freeBytes)} (auto_vacuum ${space.vacuumMode})`);
      if (space.vacuumMode !== 'incremental' && space.freeBytes > 0)
        ctx.out.line('           run `claude-mem stats --vacuum` once (worker stopped) to give free space back from now on');
      if (space.tables) {
        for (const t of space.tables.slice(0, 12)) ctx.out.line(`  ${humanBytes(t.bytes).padStart(10)}  ${t.name}`);
      } else ctx.out.line('           (per-table sizes need SQLite built with dbstat)');
      if (stats.projects.length) {
        ctx.out.line('');
        const width = Math.max(7, ...stats.projects.map((p) => p.name.length));
        ctx.out.line(`${'project'.padEnd(width)}  observations  summaries  prompts  root`);
        for (const p of stats.projects) {
          ctx.out.line(
            `${p.name.padEnd(width)}  ${String(p.observations).padStart(12)}  ${String(p.summaries).padStart(9)}  ${String(p.prompts).padStart(7)}  ${p.root}`,
          );
        }
      }
      return 0;
    });
  },
};

function pairs(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, n]) => `${k} ${n}`).join(', ') : '-';
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

function fileBytes(dbPath: string): number {
  return [dbPath, `${dbPath}-wal`].reduce((n, p) => n + (existsSync(p) ? statSync(p).size : 0), 0);
}

/** Where the bytes of the data dir go: tables and indexes, free pages, our logs, the spool. */
function spaceReport(db: Db, logsDir: string, spool: string) {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const spoolFiles = existsSync(spool) ? readdirSync(spool) : [];
  return {
    tables: spaceByTable(db),
    freeBytes: free * pageSize,
    vacuumMode: vacuumMode(db),
    logs: ownLogBytes(logsDir),
    spool: { files: spoolFiles.length, bytes: spoolFiles.reduce((n, f) => n + statSync(join(spool, f)).size, 0) },
  };
}
