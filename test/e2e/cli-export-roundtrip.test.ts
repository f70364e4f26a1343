// export → forget → import restores the same records (same uids, same content), a second import
// adds nothing, and bad lines are reported by number without losing the valid ones.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getObservations, getSummaries, type Db } from '../../src/store';
import { runCli } from '../helpers/search-cli';
import { draft, openStore, searchSandbox, seed, seedSummary } from '../helpers/search-seed';

const run = promisify(execFile);
const box = searchSandbox();
const cli = (args: string[]) => runCli(args, { cwd: box.projectDir, dataDir: box.dataDir });
const exportFile = join(dirname(box.dataDir), 'memories.jsonl');

function snapshot(db: Db) {
  const obsIds = (db.prepare('SELECT id FROM observations ORDER BY uid').all() as Array<{ id: number }>).map((r) => r.id);
  const sumIds = (db.prepare('SELECT id FROM summaries ORDER BY uid').all() as Array<{ id: number }>).map((r) => r.id);
  const strip = <T extends { id: number; projectId: number }>(r: T) => {
    const { id, projectId, ...rest } = r;
    void id;
    void projectId;
    return rest;
  };
  return {
    observations: getObservations(db, obsIds).map((o) => {
      const { inputTokens, outputTokens, sessionId, promptNumber, ...rest } = strip(o);
      void [inputTokens, outputTokens, sessionId, promptNumber];
      return rest;
    }),
    summaries: getSummaries(db, sumIds)
      .sort((a, b) => a.uid.localeCompare(b.uid))
      .map((s) => {
        const { sessionId, promptNumber, ...rest } = strip(s);
        void [sessionId, promptNumber];
        return rest;
      }),
  };
}

let before: ReturnType<typeof snapshot>;

beforeAll(() => {
  const db = openStore(box.dbPath);
  seed(db, box.projectDir, [
    draft({ type: 'bugfix', title: 'Hook timeout raised', facts: ['was 30s', 'now 60s'], narrative: 'Long outputs.', concepts: ['gotcha'], filesRead: ['a.ts'], filesModified: ['b.ts'] }),
    draft({ type: 'decision', title: 'Queue uses WAL', narrative: 'ünïcödé and "quotes"\nand lines' }),
  ]);
  seedSummary(db, box.projectDir, 'Raise the hook timeout', '2025-03-01T10:00:30.000Z');
  before = snapshot(db);
  db.close();
});

afterAll(() => rmSync(dirname(box.dataDir), { recursive: true, force: true }));

describe('export → forget → import', () => {
  it('restores the same records with the same uids, and re-import adds nothing', () => {
    const exported = cli(['export', '--project', 'proj-alpha']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { record: string }).record)).toEqual(['observation', 'observation', 'summary']);
    writeFileSync(exportFile, exported.stdout);

    expect(cli(['forget', '--project', 'proj-alpha', '--yes']).code).toBe(0);
    let db = openStore(box.dbPath, { readonly: true });
    expect(snapshot(db).observations).toHaveLength(0);
    db.close();

    const imported = cli(['import', exportFile]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Imported 2 observation(s) and 1 summary(ies); 0 already present; 0 bad line(s)');
    expect(imported.stderr).not.toContain('importing ['); // no progress bar when stderr is not a terminal
    db = openStore(box.dbPath, { readonly: true });
    expect(snapshot(db)).toEqual(before);
    db.close();

    const again = cli(['import', exportFile]);
    expect(again.stdout).toContain('Imported 0 observation(s) and 0 summary(ies); 3 already present');
    expect(cli(['search', 'hook', 'timeout']).stdout).toContain('Hook timeout raised');
  });

  it('reports bad lines with their numbers and imports the valid ones', () => {
    const good = readFileSync(exportFile, 'utf8').trim().split('\n')[0] as string;
    const fresh = JSON.stringify({ ...JSON.parse(good), uid: 'brand-new-uid', title: 'Imported fresh' });
    const file = join(dirname(box.dataDir), 'mixed.jsonl');
    writeFileSync(file, [fresh, '{not json', JSON.stringify({ record: 'observation', uid: 'x' }), '', good].join('\n'));
    const r = cli(['import', file]);
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/line 2: not JSON/);
    expect(r.stderr).toMatch(/line 3: .*project/);
    expect(r.stdout).toContain('Imported 1 observation(s) and 0 summary(ies); 1 already present; 2 bad line(s) skipped');
    expect(cli(['search', 'imported fresh']).stdout).toContain('Imported fresh');
  });

  it('writes a large export whole through a pipe whose reader is slow', async () => {
    // Well over a pipe's 64 KiB: the CLI must not exit before the reader has taken it all.
    const db = openStore(box.dbPath);
    const big = Array.from({ length: 120 }, (_, i) => draft({ title: `Bulk note ${i}`, narrative: `${i} `.repeat(400) }));
    seed(db, join(dirname(box.projectDir), 'proj-bulk'), big, { uidPrefix: 'bulk' });
    const total = (db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
    db.close();
    // A shell pipeline, as users run it: the reader starts taking data only after the CLI has
    // written everything it can and wants to exit.
    const r = await run('sh', ['-c', '"$0" "$1" export | { sleep 1.5; cat; }', process.execPath, resolve(__dirname, '../../dist/bin/cli.js')], {
      cwd: box.projectDir,
      env: { PATH: process.env.PATH ?? '', HOME: dirname(box.dataDir), CLAUDE_MEM_DATA_DIR: box.dataDir, CLAUDE_MEM_WORKER_PORT: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const text = r.stdout;
    expect(text.length).toBeGreaterThan(128 * 1024);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as { record: string });
    expect(records.filter((r) => r.record === 'observation')).toHaveLength(total);
  });
});
