import { rmSync } from 'node:fs';
import { openStore, pendingTurns, claimTurn } from '../src/store';
import { enqueueSessions } from './seed';
import { generateSessions } from './workload';
for (const n of [2000, 10000]) {
  rmSync('/tmp/bx/q.db', { force: true }); rmSync('/tmp/bx/q.db-wal', { force: true });
  const db = openStore('/tmp/bx/q.db');
  enqueueSessions(db, { root: '/tmp/bx/proj', name: 'proj', sessions: generateSessions(43, '/tmp/bx/proj', n) });
  const now = new Date().toISOString();
  for (let i = 0; i < 3; i++) { const t = performance.now(); const r = pendingTurns(db, now, 1000); console.log(n, 'pendingTurns', (performance.now() - t).toFixed(1), 'ms', r.length, 'turns'); }
  const sql = `SELECT q.session_id, q.prompt_number, COUNT(*) FROM queue q WHERE q.state='queued' GROUP BY q.session_id, q.prompt_number ORDER BY MIN(q.id) LIMIT 1000`;
  for (let i = 0; i < 2; i++) { const t = performance.now(); db.prepare(sql).all(); console.log(n, 'without SUM(LENGTH(payload))', (performance.now() - t).toFixed(1), 'ms'); }
  console.log(db.prepare('EXPLAIN QUERY PLAN ' + sql).all().map((r: any) => r.detail));
  db.close();
}
