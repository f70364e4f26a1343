import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { memoryStats, queueCounts } from '../store';
import type { Command } from './context';
import { withMemoryDb } from './search-db';

/** `claude-mem stats`: what is stored, per project, type and origin; db size; queue states. */
export const statsCommand: Command = {
  name: 'stats',
  summary: 'Counts of memories per project, type and origin; database size; queue states.',
  usage: 'claude-mem stats [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean' } } });
    const dbPath = ctx.config().paths.dbPath;
    return withMemoryDb(ctx, (db) => {
      const stats = memoryStats(db);
      const queue = queueCounts(db);
      const dbBytes = [dbPath, `${dbPath}-wal`].reduce((n, p) => n + (existsSync(p) ? statSync(p).size : 0), 0);
      if (values.json) {
        ctx.out.json({ ...stats, queue, dbBytes, dbPath });
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
