import type { Observation } from '../contracts';
import type { Db } from './db';
import { observationFilterSql, whereClause, type ObservationFilter } from './filters';
import { OBSERVATION_SELECT, toObservation, type ObservationRowRaw } from './observations';

/**
 * Embedding vectors for semantic search (table `observation_vectors`): float32 little-endian
 * BLOBs, one per observation and embeddings model, so switching models never mixes spaces.
 */

export function upsertVector(db: Db, v: { observationId: number; model: string; vector: Float32Array; now: string }): void {
  db.prepare(
    `INSERT INTO observation_vectors (observation_id, model, dims, vector, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(observation_id, model) DO UPDATE SET dims = excluded.dims, vector = excluded.vector,
       created_at = excluded.created_at`,
  ).run(v.observationId, v.model, v.vector.length, toBlob(v.vector), v.now);
}

/** Observations that have no vector for `model` yet, oldest first. */
export function observationsWithoutVector(db: Db, model: string, limit: number): Observation[] {
  const sql = `${OBSERVATION_SELECT}
    WHERE NOT EXISTS (SELECT 1 FROM observation_vectors v WHERE v.observation_id = o.id AND v.model = ?)
    ORDER BY o.id LIMIT ?`;
  return (db.prepare(sql).all(model, limit) as ObservationRowRaw[]).map(toObservation);
}

export function countVectors(db: Db, model?: string): number {
  const row = (
    model === undefined
      ? db.prepare('SELECT COUNT(*) AS n FROM observation_vectors').get()
      : db.prepare('SELECT COUNT(*) AS n FROM observation_vectors WHERE model = ?').get(model)
  ) as { n: number };
  return row.n;
}

/** Streams the vectors of every observation a filter admits (the in-process cosine scan reads this). */
export function* iterateVectors(
  db: Db,
  model: string,
  filter: ObservationFilter,
): Generator<{ id: number; vector: Float32Array }> {
  const { where, args } = observationFilterSql(filter);
  const sql = `SELECT v.observation_id AS id, v.vector AS vector FROM observation_vectors v
    JOIN observations o ON o.id = v.observation_id ${whereClause(['v.model = ?', ...where])}`;
  for (const r of db.prepare(sql).iterate(model, ...args)) {
    const row = r as { id: number; vector: Buffer };
    yield { id: row.id, vector: fromBlob(row.vector) };
  }
}

function toBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function fromBlob(b: Buffer): Float32Array {
  // Copy: a Buffer from the driver may sit at an offset that is not 4-byte aligned.
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer, 0, b.byteLength / 4);
}
