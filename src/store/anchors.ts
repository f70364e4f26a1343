import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { StaleFile } from '../contracts';
import type { Db } from './db';
import { marks } from './filters';
import { parseList } from './json';

/**
 * Staleness anchored in code: what a file looked like when an observation about it was stored
 * (repository HEAD, size, mtime, sha256), and whether it still does. Only the few files an
 * observation names are ever looked at, never a tree; a file is hashed only when its size or
 * mtime moved, and never above MAX_HASH_BYTES (then size and mtime decide).
 */
export type AnchorState = 'current' | 'changed' | 'deleted' | 'unknown';

/** A file as seen on disk right now. */
export interface FileProbe {
  exists: boolean;
  size: number | null;
  mtimeMs: number | null;
  hash: string | null;
}

/** One recorded anchor, as the worker writes it at store time. */
export interface NewAnchor {
  /** The path as the observation names it. */
  path: string;
  /** Absolute path inside the repository; null when it could not be placed (outside the repo). */
  absPath: string | null;
  commit: string | null;
  probe: FileProbe | null;
}

export interface AnchorRow {
  observation_id: number;
  path: string;
  abs_path: string | null;
  commit_sha: string | null;
  existed: number;
  size: number | null;
  mtime_ms: number | null;
  hash: string | null;
  state: AnchorState;
  changed_at: string | null;
  checked_at: string | null;
}

/** Files above this are compared by size and mtime only: hashing them would stall a hook. */
export const MAX_HASH_BYTES = 8 * 1024 * 1024;
/** Bytes the session-start check may hash in all (a few ms of sha256). */
export const LIVE_HASH_BUDGET = 1024 * 1024;

/** Look at one file: stat, and sha256 when `hash` and small enough. Null when it cannot be read. */
export function probeFile(absPath: string, hash = true): FileProbe | null {
  let st;
  try {
    st = statSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false, size: null, mtimeMs: null, hash: null };
    return null; // EACCES, ELOOP …: we cannot tell, which is "unknown", not "deleted"
  }
  if (!st.isFile()) return null; // a folder (Glob, LS): nothing to compare
  const mtimeMs = Math.floor(st.mtimeMs);
  if (!hash || st.size > MAX_HASH_BYTES) return { exists: true, size: st.size, mtimeMs, hash: null };
  const h = hashFile(absPath);
  return { exists: true, size: st.size, mtimeMs, hash: h };
}

let readBuffer: Buffer | undefined;

function hashFile(absPath: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(absPath, 'r');
    const h = process.getBuiltinModule('node:crypto').createHash('sha256');
    const buf = (readBuffer ??= Buffer.allocUnsafe(64 * 1024));
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
    return h.digest('hex');
  } catch (err) {
    // Unreadable between stat and read (permissions, removed): compare by stat only.
    void err;
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** How many bytes one read may still hash (the session start gets a small budget). */
export interface HashBudget {
  bytes: number;
}

/**
 * Compare a recorded anchor with the disk now. Stat first; hash only when the stat moved, within
 * `budget`. A change already recorded by the worker is trusted (only a deletion can follow it), so
 * a changed big file is not hashed again on every read.
 */
export function compareAnchor(
  a: AnchorRow,
  nowIso: string,
  budget: HashBudget = { bytes: Infinity },
): { state: AnchorState; at: string | null; probe: FileProbe | null } {
  if (!a.abs_path) return { state: 'unknown', at: null, probe: null };
  const cheap = probeFile(a.abs_path, false);
  if (!cheap) return { state: 'unknown', at: null, probe: null };
  if (!cheap.exists) {
    return a.existed ? { state: 'deleted', at: a.state === 'deleted' ? a.changed_at : nowIso, probe: cheap } : { state: 'current', at: null, probe: cheap };
  }
  if (!a.existed) return { state: 'changed', at: isoOf(cheap.mtimeMs), probe: cheap };
  if (cheap.size === a.size && cheap.mtimeMs === a.mtime_ms) return { state: 'current', at: null, probe: cheap };
  if (a.state === 'changed') return { state: 'changed', at: a.changed_at ?? isoOf(cheap.mtimeMs), probe: cheap };
  if (a.hash && cheap.size !== null && cheap.size <= MAX_HASH_BYTES) {
    if (cheap.size > budget.bytes) return { state: 'unknown', at: null, probe: null };
    budget.bytes -= cheap.size;
    const full = probeFile(a.abs_path, true);
    if (!full) return { state: 'unknown', at: null, probe: null };
    if (full.hash === null) return { state: 'unknown', at: null, probe: full };
    return full.hash === a.hash ? { state: 'current', at: null, probe: full } : { state: 'changed', at: isoOf(full.mtimeMs), probe: full };
  }
  // No hash to compare (a huge file): a moved size or mtime is the best evidence there is.
  return { state: 'changed', at: isoOf(cheap.mtimeMs), probe: cheap };
}

function isoOf(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Record the anchors of one observation (the worker, right after storing it). */
export function recordAnchors(db: Db, observationId: number, anchors: NewAnchor[], nowIso: string): void {
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO observation_anchors
       (observation_id, path, abs_path, commit_sha, existed, size, mtime_ms, hash, state, changed_at, checked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
  );
  db.transaction(() => {
    for (const a of anchors) {
      const p = a.probe;
      const state: AnchorState = a.absPath && p ? 'current' : 'unknown';
      stmt.run(observationId, a.path, a.absPath, a.commit, p ? (p.exists ? 1 : 0) : 1, p?.size ?? null, p?.mtimeMs ?? null, p?.hash ?? null, state, nowIso);
    }
  }).immediate();
}

/** Anchors of some observations, grouped by observation id. */
export function anchorsOf(db: Db, ids: readonly number[]): Map<number, AnchorRow[]> {
  const out = new Map<number, AnchorRow[]>();
  if (ids.length === 0) return out;
  const rows = db
    .prepare(`SELECT * FROM observation_anchors WHERE observation_id IN (${marks(ids)}) ORDER BY observation_id, path`)
    .all(...ids) as AnchorRow[];
  for (const r of rows) {
    const list = out.get(r.observation_id) ?? [];
    list.push(r);
    out.set(r.observation_id, list);
  }
  return out;
}

/** What the recorded (background-checked) states say about each observation. */
export function recordedStaleness(rows: AnchorRow[]): { stale: StaleFile[]; unknown: string[]; commit: string | null } {
  const stale: StaleFile[] = [];
  const unknown: string[] = [];
  for (const r of rows) {
    if (r.state === 'changed' || r.state === 'deleted') stale.push({ path: r.path, change: r.state, at: r.changed_at });
    else if (r.state === 'unknown') unknown.push(r.path);
  }
  return { stale, unknown, commit: rows.find((r) => r.commit_sha)?.commit_sha ?? null };
}

/**
 * Check the anchors of a few observations against the disk now, without writing (the
 * session-start hook reads only). Returns the live staleness per observation id.
 */
export function liveStaleness(db: Db, ids: readonly number[], nowIso: string): Map<number, { stale: StaleFile[]; unknown: string[] }> {
  const out = new Map<number, { stale: StaleFile[]; unknown: string[] }>();
  // A hook must stay fast: beyond this many bytes hashed, a moved stat is reported as unknown.
  const budget: HashBudget = { bytes: LIVE_HASH_BUDGET };
  // Many notes name the same few files: each file and baseline is looked at once per read.
  const seen = new Map<string, ReturnType<typeof compareAnchor>>();
  for (const [id, rows] of anchorsOf(db, ids)) {
    const stale: StaleFile[] = [];
    const unknown: string[] = [];
    for (const r of rows) {
      const key = `${r.abs_path}\0${r.existed}\0${r.size}\0${r.mtime_ms}\0${r.hash}\0${r.state}`;
      let c = seen.get(key);
      if (!c) seen.set(key, (c = compareAnchor(r, nowIso, budget)));
      if (c.state === 'changed' || c.state === 'deleted') stale.push({ path: r.path, change: c.state, at: c.at });
      else if (c.state === 'unknown') unknown.push(r.path);
    }
    out.set(id, { stale, unknown });
  }
  return out;
}

/**
 * One bounded background step (worker): check the anchors least recently checked, store what
 * changed, and refresh the stat of a file touched but unchanged so the next read stays cheap.
 * Returns how many anchors were checked.
 */
export function checkAnchorsBatch(db: Db, limit: number, nowIso: string): number {
  const rows = db
    .prepare(
      `SELECT a.* FROM observation_anchors a JOIN observations o ON o.id = a.observation_id
       WHERE o.merged_into IS NULL AND a.abs_path IS NOT NULL AND (a.checked_at IS NULL OR a.checked_at < ?)
       ORDER BY a.checked_at LIMIT ?`,
    )
    .all(nowIso, limit) as AnchorRow[];
  if (rows.length === 0) return 0;
  const results = rows.map((r) => ({ r, c: compareAnchor(r, nowIso) }));
  const update = db.prepare(
    `UPDATE observation_anchors SET state = ?, changed_at = ?, checked_at = ?, size = ?, mtime_ms = ?
     WHERE observation_id = ? AND path = ?`,
  );
  db.transaction(() => {
    for (const { r, c } of results) {
      // A file touched but identical: remember its new stat; a changed one keeps its baseline.
      const refresh = c.state === 'current' && c.probe?.exists === true;
      const changedAt = c.state === 'changed' || c.state === 'deleted' ? (r.state === c.state && r.changed_at ? r.changed_at : c.at) : null;
      update.run(c.state, changedAt, nowIso, refresh ? c.probe?.size ?? r.size : r.size, refresh ? c.probe?.mtimeMs ?? r.mtime_ms : r.mtime_ms, r.observation_id, r.path);
    }
  }).immediate();
  return rows.length;
}

/** What the worker needs to anchor a stored observation: its files, the project root, the session cwd. */
export interface AnchorTarget {
  id: number;
  root: string;
  cwd: string | null;
  files: string[];
}

export function anchorTargets(db: Db, ids: readonly number[]): AnchorTarget[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT o.id, p.root, s.cwd, o.files_read, o.files_modified FROM observations o
       JOIN projects p ON p.id = o.project_id LEFT JOIN sessions s ON s.id = o.session_id
       WHERE o.id IN (${marks(ids)})`,
    )
    .all(...ids) as Array<{ id: number; root: string; cwd: string | null; files_read: string; files_modified: string }>;
  return rows.map((r) => ({
    id: r.id,
    root: r.root,
    cwd: r.cwd,
    files: [...new Set([...parseList(r.files_modified), ...parseList(r.files_read)].map((f) => f.trim()).filter(Boolean))],
  }));
}
