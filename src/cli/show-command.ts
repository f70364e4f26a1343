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
      else found.forEach((o, i) => render(o, i > 0, ctx.out.line));
      return missing.length ? 66 : 0;
    });
  },
};

function render(o: Observation, gap: boolean, line: (s?: string) => void): void {
  if (gap) line();
  line(`#${o.id} ${o.type}: ${o.title}`);
  line(`  ${o.createdAt}  ${o.project}  (${o.origin}${o.model ? `, ${o.model}` : ''}, uid ${o.uid})`);
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
}
