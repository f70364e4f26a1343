import { parseArgs } from 'node:util';
import { MemError, type Observation } from '../contracts';
import { getObservations } from '../store';
import type { Command } from './context';
import { parseIds, withMemoryDb } from './search-db';

/** `claude-mem show <id…>`: full observations. */
export const showCommand: Command = {
  name: 'show',
  summary: 'Show full observations by id.',
  usage: 'claude-mem show <id…> [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } });
    if (positionals.length === 0) throw new MemError('validation', 'show needs at least one id.', { hint: 'Run: claude-mem show 12 40' });
    const ids = parseIds(positionals);
    return withMemoryDb(ctx, (db) => {
      const found = getObservations(db, ids);
      const missing = ids.filter((id) => !found.some((o) => o.id === id));
      if (found.length === 0) throw new MemError('not_found', `No observation with id ${ids.join(', ')}.`, { hint: 'Find ids with claude-mem search.' });
      for (const id of missing) ctx.out.warn(`No observation #${id}.`);
      if (values.json) ctx.out.json(found);
      else {
        // Merged duplicates are listed under their survivor, with their titles: nothing merged is out of reach.
        const sources = new Map(getObservations(db, found.flatMap((o) => o.memory?.merged?.ids ?? [])).map((o) => [o.id, o]));
        found.forEach((o, i) => render(o, i > 0, ctx.out.line, sources));
      }
      return missing.length ? 66 : 0;
    });
  },
};

function render(o: Observation, gap: boolean, line: (s?: string) => void, sources: Map<number, Observation>): void {
  if (gap) line();
  line(`#${o.id} ${o.type}: ${o.title}`);
  line(`  ${o.createdAt}  ${o.project}  (${o.author ? `by ${o.author}, ` : ''}${o.origin}${o.model ? `, ${o.model}` : ''}, uid ${o.uid})`);
  if (o.subtitle) line(`  ${o.subtitle}`);
  if (o.facts.length) {
    line('  facts:');
    for (const f of o.facts) line(`    - ${f}`);
  }
  if (o.narrative) {
    line('');
    for (const l of o.narrative.split('\n')) line(`  ${l}`);
  }
  if (o.concepts.length) line(`  concepts: ${o.concepts.join(', ')}`);
  if (o.filesRead.length) line(`  read: ${o.filesRead.join(', ')}`);
  if (o.filesModified.length) line(`  modified: ${o.filesModified.join(', ')}`);
  renderMarks(o, line, sources);
}

function renderMarks(o: Observation, line: (s?: string) => void, sources: Map<number, Observation>): void {
  const m = o.memory;
  if (!m) return;
  if (m.commit) line(`  recorded at commit ${m.commit}`);
  for (const f of m.stale ?? []) line(`  may be out of date: ${f.path} ${f.change}${f.at ? ` (${f.at})` : ''}`);
  if (m.unknown?.length) line(`  not checked (outside the repository or unreadable): ${m.unknown.join(', ')}`);
  if (m.supersededBy) line(`  superseded by #${m.supersededBy}`);
  if (m.supersedes?.length) line(`  supersedes: ${m.supersedes.map((id) => `#${id}`).join(', ')}`);
  if (m.mergedInto) line(`  merged into #${m.mergedInto} (a near-duplicate)`);
  if (m.merged) {
    line(`  seen ${m.merged.count} times: ${m.merged.dates.join(', ')}`);
    line('  merged:');
    for (const id of m.merged.ids) {
      const s = sources.get(id);
      line(`    - #${id}${s ? ` ${s.createdAt} ${s.title}` : ''}`);
    }
  }
}
