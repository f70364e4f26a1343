import type { Db } from './db';
import { parseList } from './json';

/**
 * Memory that stays small: when an observation is stored, older ones of the same project that say
 * the same thing are merged into it, and older ones on the same files and topic are superseded by
 * it. Nothing is deleted: merged rows keep `merged_into` (hidden from lists and search, listed by
 * `show` and `get_observations` on the survivor), superseded rows keep `superseded_by` (left out
 * of the session-start memory, still searchable, marked).
 *
 * Similarity is the Jaccard index of normalized word sets over title + facts: lower case, split on
 * anything but letters and digits, stop words and one-letter tokens dropped.
 */
export const MERGE_SIMILARITY = 0.7;
/** A newer note on the same files replaces an older one only if they share this much vocabulary. */
export const SUPERSEDE_SIMILARITY = 0.3;
/** How many recent observations of the project a new one is compared with. */
const CANDIDATES = 200;

export interface SettleResult {
  merged: number[];
  superseded: number[];
}

interface Row {
  id: number;
  title: string;
  facts: string;
  files_read: string;
  files_modified: string;
}

/** Merge near-duplicates of observation `id` into it and supersede older notes it covers. */
export function settleObservation(db: Db, id: number): SettleResult {
  const self = db
    .prepare(
      `SELECT id, project_id, title, facts, files_read, files_modified, merged_into FROM observations WHERE id = ?`,
    )
    .get(id) as (Row & { project_id: number; merged_into: number | null }) | undefined;
  if (!self || self.merged_into !== null) return { merged: [], superseded: [] };
  const mine = describe(self);
  const older = db
    .prepare(
      `SELECT id, title, facts, files_read, files_modified FROM observations
       WHERE project_id = ? AND id < ? AND merged_into IS NULL ORDER BY id DESC LIMIT ?`,
    )
    .all(self.project_id, id, CANDIDATES) as Row[];
  const merged: number[] = [];
  const superseded: number[] = [];
  const merge = db.prepare('UPDATE observations SET merged_into = ?, superseded_by = NULL WHERE id = ? OR merged_into = ?');
  const repoint = db.prepare('UPDATE observations SET superseded_by = ? WHERE superseded_by = ?');
  const supersede = db.prepare('UPDATE observations SET superseded_by = ? WHERE id = ? AND superseded_by IS NULL');
  for (const r of older) {
    const theirs = describe(r);
    const sim = jaccard(mine.words, theirs.words);
    if (sim >= MERGE_SIMILARITY && sameSet(mine.files, theirs.files)) {
      merge.run(id, r.id, r.id);
      repoint.run(id, r.id);
      merged.push(r.id);
    } else if (sim >= SUPERSEDE_SIMILARITY && theirs.files.size > 0 && subset(theirs.files, mine.modified)) {
      // Only newer work that changed those files can outdate a note: reading them again does not.
      if (supersede.run(id, r.id).changes === 1) superseded.push(r.id);
    }
  }
  return { merged, superseded };
}

/**
 * The background pass for records stored before merging existed: settle the next `limit`
 * observations in id order (a cursor in `meta`), as if each had just been stored. Returns how
 * many were looked at; 0 once caught up.
 */
export function settleOlderObservations(db: Db, limit: number): number {
  const cursor = Number((db.prepare(`SELECT value FROM meta WHERE key = 'settle_cursor'`).get() as { value: string } | undefined)?.value ?? 0);
  const ids = (db.prepare('SELECT id FROM observations WHERE id > ? ORDER BY id LIMIT ?').all(cursor, limit) as Array<{ id: number }>).map((r) => r.id);
  if (ids.length === 0) return 0;
  db.transaction(() => {
    for (const id of ids) settleObservation(db, id);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('settle_cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
      String(ids[ids.length - 1]),
    );
  }).immediate();
  return ids.length;
}

function describe(r: Row): { words: Set<string>; files: Set<string>; modified: Set<string> } {
  const clean = (list: string[]) => list.map((f) => f.trim()).filter(Boolean);
  const modified = clean(parseList(r.files_modified));
  return {
    words: words(`${r.title} ${parseList(r.facts).join(' ')}`),
    files: new Set([...clean(parseList(r.files_read)), ...modified]),
    modified: new Set(modified),
  };
}

const STOP = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to was were will with'.split(' '),
);

/** Normalized word set of a text (see the module comment). */
export function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (t.length > 1 && !STOP.has(t)) out.add(t);
  }
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && subset(a, b);
}

function subset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
