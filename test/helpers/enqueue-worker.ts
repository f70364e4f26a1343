// A child process for test/e2e/store-concurrency.test.ts: waits for "go" on stdin (so all
// children hit the fresh database file at once), then enqueues `count` events whose keys overlap
// with the other children's, and prints one JSON line with what happened.
// Usage: node --import tsx enqueue-worker.ts <dbPath> <offset> <count> <keySpace>
import { isMemError } from '../../src/contracts';
import { enqueueEvent, openStore, upsertProject, upsertSession } from '../../src/store';

const [dbPath, offsetArg, countArg, spaceArg] = process.argv.slice(2);
if (!dbPath || !offsetArg || !countArg || !spaceArg) throw new Error('usage: enqueue-worker <db> <offset> <count> <keySpace>');
const offset = Number(offsetArg);
const count = Number(countArg);
const space = Number(spaceArg);

process.stdout.write('ready\n');
process.stdin.once('data', () => {
  const errors: Record<string, number> = {};
  let added = 0;
  const now = new Date().toISOString();
  const db = openStore(dbPath);
  const projectId = upsertProject(db, '/work/shared-project', 'shared-project', now);
  const sessionId = upsertSession(db, { host: 'claude-code', hostSessionId: 'shared', projectId, cwd: '/work', now }).id;
  for (let j = 0; j < count; j++) {
    const n = (offset + j) % space;
    try {
      const inserted = enqueueEvent(db, {
        key: `shared:tool-${n}`,
        sessionId,
        projectId,
        promptNumber: 1,
        payload: { kind: 'tool', toolName: 'Bash', toolInput: { n }, toolResponse: 'ok', failed: false, cwd: '/work' },
        now,
      });
      if (inserted) added++;
    } catch (err) {
      const kind = isMemError(err) ? err.kind : String((err as { code?: string }).code ?? err);
      errors[kind] = (errors[kind] ?? 0) + 1;
    }
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ pid: process.pid, added, errors })}\n`);
  process.stdin.destroy();
});
