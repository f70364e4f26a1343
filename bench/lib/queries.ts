// Read-only looks into a benchmark's database, through the store's public functions.
import { existsSync } from 'node:fs';
import { openStore, queueCounts } from '../../src/store';

/** Rows in the queue, whatever their state (0 when the database does not exist yet). */
export function countQueue(dbPath: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = openStore(dbPath, { readonly: true });
  try {
    return Object.values(queueCounts(db)).reduce((a, b) => a + b, 0);
  } finally {
    db.close();
  }
}
