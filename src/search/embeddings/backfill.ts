import type { Observation } from '../../contracts';
import { countObservations, countVectors, observationsWithoutVector, upsertVector, type Db } from '../../store';
import type { Embedder } from './types';

const MAX_CHARS = 8000;

/** The text an observation is embedded from: what a person would read to judge it. */
export function embeddingText(o: Observation): string {
  return [o.title, o.subtitle, ...o.facts, o.narrative].filter(Boolean).join('\n').slice(0, MAX_CHARS);
}

/**
 * Embed up to `batch` observations that have no vector for this embedder yet (oldest first) and
 * store them. The worker calls it repeatedly while `remaining > 0`; an endpoint failure throws a
 * MemError with a provider kind and stores nothing from that batch.
 */
export async function backfillEmbeddings(
  db: Db,
  embedder: Embedder,
  batch = 32,
  now: () => Date = () => new Date(),
): Promise<{ embedded: number; remaining: number }> {
  const todo = observationsWithoutVector(db, embedder.id, batch);
  let stored = 0;
  if (todo.length > 0) {
    const vectors = await embedder.embed(todo.map(embeddingText));
    const at = now().toISOString();
    db.transaction(() => {
      todo.forEach((o, i) => {
        const vector = vectors[i];
        // An endpoint that answers with fewer (or empty) vectors stores nothing for the rest.
        if (vector && vector.length > 0) {
          upsertVector(db, { observationId: o.id, model: embedder.id, vector, now: at });
          stored++;
        }
      });
    })();
  }
  return { embedded: stored, remaining: Math.max(0, countObservations(db) - countVectors(db, embedder.id)) };
}
