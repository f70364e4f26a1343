// The full-text indexes' sync triggers are built from one template, so the SQL of each released
// migration stays exactly as it was, byte for byte, while the three tables and the re-indexing in
// migration 5 cannot drift apart.

/** The trigger that indexes each new row of `table` in `<table>_fts` (rowid = the row's id). */
function insertTrigger(table: string, insert: string): string {
  return `  CREATE TRIGGER ${table}_fts_insert AFTER INSERT ON ${table} BEGIN
    ${insert}
  END;`;
}

/** The trigger that indexes a changed row again. */
function updateTrigger(table: string, insert: string): string {
  return `  CREATE TRIGGER ${table}_fts_update AFTER UPDATE ON ${table} BEGIN
    DELETE FROM ${table}_fts WHERE rowid = old.id;
    ${insert}
  END;`;
}

/** Insert, delete and update triggers that keep `<table>_fts` in step with `table`. */
function ftsTriggers(table: string, insert: string): string {
  return `${insertTrigger(table, insert)}
  CREATE TRIGGER ${table}_fts_delete AFTER DELETE ON ${table} BEGIN
    DELETE FROM ${table}_fts WHERE rowid = old.id;
  END;
${updateTrigger(table, insert)}`;
}

/** `files` indexes the file lists, plus (`related`, migration 5) the related words. */
function observationsFtsInsert(related: string): string {
  return `INSERT INTO observations_fts (rowid, title, subtitle, facts, concepts, narrative, files)
    VALUES (new.id, new.title, new.subtitle, new.facts, new.concepts, new.narrative,
            new.files_read || ' ' || new.files_modified${related});`;
}
const RELATED_FTS_INSERT = observationsFtsInsert(" || ' ' || COALESCE(new.related, '')");
const SUMMARIES_FTS_INSERT = `INSERT INTO summaries_fts (rowid, request, investigated, learned, completed, next_steps, notes)
    VALUES (new.id, new.request, new.investigated, new.learned, new.completed, new.next_steps, new.notes);`;
const PROMPTS_FTS_INSERT = 'INSERT INTO prompts_fts (rowid, text) VALUES (new.id, new.text);';

/** The leading columns of observations and summaries: who a record is, and which turn made it. */
const RECORD_KEYS = `id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    prompt_number INTEGER,`;

/**
 * Forward-only, numbered migrations. Each runs in its own IMMEDIATE transaction and bumps
 * `PRAGMA user_version`, so concurrent processes opening a fresh file apply each exactly once.
 * Never edit a released migration: add a new one.
 */
/**
 * Team sync (migration 9): every local write to a shared project's records queues the record's uid
 * in `team_outbox` (an upsert, or a tombstone on delete); records pulled from teammates
 * (`author` set) are not queued back.
 */
function teamOutboxTriggers(table: string, record: string, columns: string): string {
  const queue = (row: 'new' | 'old', op: string) => `    WHEN ${row}.author IS NULL AND EXISTS (SELECT 1 FROM team_projects t WHERE t.project_id = ${row}.project_id) BEGIN
    INSERT OR REPLACE INTO team_outbox (project_id, record, uid, op, queued_at)
    VALUES (${row}.project_id, '${record}', ${row}.uid, '${op}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  END;`;
  return `  CREATE TRIGGER team_outbox_${record}_insert AFTER INSERT ON ${table}
${queue('new', 'upsert')}
  CREATE TRIGGER team_outbox_${record}_update
    AFTER UPDATE OF project_id, ${columns} ON ${table}
${queue('new', 'upsert')}
  CREATE TRIGGER team_outbox_${record}_delete AFTER DELETE ON ${table}
${queue('old', 'tombstone')}`;
}

export const MIGRATIONS: readonly string[] = [
  // 1: the core tables.
  `
  CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL,
    host_session_id TEXT NOT NULL,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    cwd TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    end_reason TEXT,
    prompt_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (host, host_session_id)
  );
  CREATE TABLE prompts (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    prompt_number INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (session_id, prompt_number)
  );
  CREATE TABLE queue (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    prompt_number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('tool', 'turn_end')),
    payload TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
      CHECK (state IN ('queued', 'processing', 'compressed', 'raw', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT,
    lease_until TEXT,
    last_error_kind TEXT,
    last_error_message TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX queue_by_state ON queue (state, id);
  CREATE INDEX queue_by_turn ON queue (session_id, prompt_number, state);
  CREATE TABLE observations (
    ${RECORD_KEYS}
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    facts TEXT NOT NULL DEFAULT '[]',
    narrative TEXT NOT NULL DEFAULT '',
    concepts TEXT NOT NULL DEFAULT '[]',
    files_read TEXT NOT NULL DEFAULT '[]',
    files_modified TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    model TEXT,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'raw', 'manual'))
  );
  CREATE INDEX observations_by_project ON observations (project_id, created_at DESC);
  CREATE TABLE observation_sources (
    observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (observation_id, event_id)
  );
  CREATE INDEX observation_sources_by_event ON observation_sources (event_id);
  CREATE TABLE summaries (
    ${RECORD_KEYS}
    request TEXT NOT NULL DEFAULT '',
    investigated TEXT NOT NULL DEFAULT '',
    learned TEXT NOT NULL DEFAULT '',
    completed TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    model TEXT,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'raw', 'manual'))
  );
  CREATE INDEX summaries_by_project ON summaries (project_id, created_at DESC);
  CREATE TABLE usage (
    day TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    calls INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, provider, model)
  );
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: full-text indexes, kept in sync by triggers (rowid = the row's id).
  `
  CREATE VIRTUAL TABLE observations_fts USING fts5(
    title, subtitle, facts, concepts, narrative, files,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
  );
${ftsTriggers('observations', observationsFtsInsert(''))}

  CREATE VIRTUAL TABLE summaries_fts USING fts5(
    request, investigated, learned, completed, next_steps, notes,
    tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
  );
${ftsTriggers('summaries', SUMMARIES_FTS_INSERT)}

  CREATE VIRTUAL TABLE prompts_fts USING fts5(
    text, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
  );
${ftsTriggers('prompts', PROMPTS_FTS_INSERT)}
  `,
  // 3: optional semantic search: one float32 vector per observation and embeddings model. Triggers
  // (not a foreign key) drop vectors with their observation, also on connections without
  // foreign_keys, and when the text changes so the backfill embeds it again.
  `
  CREATE TABLE observation_vectors (
    observation_id INTEGER NOT NULL,
    model TEXT NOT NULL,
    dims INTEGER NOT NULL,
    vector BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (observation_id, model)
  );
  CREATE TRIGGER observation_vectors_delete AFTER DELETE ON observations BEGIN
    DELETE FROM observation_vectors WHERE observation_id = old.id;
  END;
  CREATE TRIGGER observation_vectors_stale AFTER UPDATE OF title, subtitle, facts, narrative ON observations BEGIN
    DELETE FROM observation_vectors WHERE observation_id = old.id;
  END;
  `,
  // 4: observation ids are never reused. SQLite hands out max(id) + 1, so deleting the newest
  // observation let the next one take its id: a live feed that had seen the id skipped the new
  // row, and a note or link naming the old id pointed at a different record. Deletes now record
  // the highest id ever used, and insertObservation numbers above it.
  `
  CREATE TRIGGER observations_id_floor AFTER DELETE ON observations BEGIN
    INSERT INTO meta (key, value) VALUES ('observations_id_floor', CAST(old.id AS TEXT))
    ON CONFLICT(key) DO UPDATE SET value = CAST(MAX(CAST(value AS INTEGER), old.id) AS TEXT);
  END;
  `,
  // 5: related words (store/related.ts): WordNet synonyms and broader terms of a record's nouns,
  // indexed in the low-weight files column so "countries" finds "Spain". NULL = not computed yet;
  // the worker fills old rows in the background (each update re-indexes the row), so this
  // migration stays instant on a large store.
  `
  ALTER TABLE observations ADD COLUMN related TEXT;
  CREATE INDEX observations_related_missing ON observations (id) WHERE related IS NULL;
  DROP TRIGGER observations_fts_insert;
${insertTrigger('observations', RELATED_FTS_INSERT)}
  DROP TRIGGER observations_fts_update;
${updateTrigger('observations', RELATED_FTS_INSERT)}
  `,
  // 6: imports from the original claude-mem (`import --from-claude-mem`). The ledger remembers
  // every source row handled (imported, partial or skipped), so a re-run adds nothing, an
  // interrupted run resumes, and a record forgotten here is not brought back. Imported project
  // names wait in imported_projects until a session starts in a repository of that name.
  `
  CREATE TABLE import_ledger (
    source TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'prompt', 'observation', 'summary')),
    source_id INTEGER NOT NULL,
    target_id INTEGER,
    project_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('imported', 'partial', 'skipped')),
    note TEXT,
    extra TEXT,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (source, kind, source_id)
  );
  CREATE INDEX import_ledger_by_name ON import_ledger (project_name, kind);
  CREATE TABLE imported_projects (
    name TEXT PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    bound_root TEXT,
    bound_at TEXT,
    auto_bind INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  `,
  // 7: memory that stays true (store/anchors.ts, store/dedupe.ts). Each observation remembers,
  // per file it read or modified, the repository's HEAD and the file's size, mtime and sha256 at
  // store time, so a later change or deletion marks it "may be out of date". Near-duplicates are
  // merged into the newest (merged_into) and an older note on the same files and topic is
  // superseded by a newer one that modified those files (superseded_by); both stay stored and reachable from the survivor.
  // Deleting a survivor gives its merged and superseded rows back, so nothing is lost.
  `
  CREATE TABLE observation_anchors (
    observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    abs_path TEXT,
    commit_sha TEXT,
    existed INTEGER NOT NULL DEFAULT 1,
    size INTEGER,
    mtime_ms INTEGER,
    hash TEXT,
    state TEXT NOT NULL DEFAULT 'current' CHECK (state IN ('current', 'changed', 'deleted', 'unknown')),
    changed_at TEXT,
    checked_at TEXT,
    PRIMARY KEY (observation_id, path)
  );
  CREATE INDEX observation_anchors_by_check ON observation_anchors (checked_at);
  ALTER TABLE observations ADD COLUMN merged_into INTEGER;
  ALTER TABLE observations ADD COLUMN superseded_by INTEGER;
  CREATE INDEX observations_merged_into ON observations (merged_into) WHERE merged_into IS NOT NULL;
  CREATE INDEX observations_superseded_by ON observations (superseded_by) WHERE superseded_by IS NOT NULL;
  CREATE TRIGGER observations_unmerge AFTER DELETE ON observations BEGIN
    UPDATE observations SET merged_into = NULL WHERE merged_into = old.id;
    UPDATE observations SET superseded_by = NULL WHERE superseded_by = old.id;
  END;
  `,
  // 8: recall per prompt and retention. `injected` remembers which observations a session was
  // already given (session start or an earlier prompt), so UserPromptSubmit never repeats one.
  // The partial index finds queue rows whose payload may be dropped (store/retention.ts) without
  // walking the rows already emptied.
  `
  CREATE TABLE injected (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    observation_id INTEGER NOT NULL,
    injected_at TEXT NOT NULL,
    PRIMARY KEY (session_id, observation_id)
  ) WITHOUT ROWID;
  CREATE INDEX queue_payload_kept ON queue (updated_at)
    WHERE payload <> '' AND state IN ('compressed', 'raw');
  `,
  // 9: team memory (src/sync/, docs/team-server.md). `team_projects` marks a project shared
  // (its normalized git remote, pull cursor, last sync and error). `author` is NULL for what this
  // machine recorded and the teammate's name for a pulled record. Triggers fill `team_outbox`
  // with every local write to a shared project, whatever code path made it (drain, MCP save,
  // forget, import), so nothing is missed and an unshared project never enters it; one row per
  // record (INSERT OR REPLACE) so ten edits push once. Only meaningful columns re-queue: the
  // background related-words fill and dedupe marks are local.
  `
  ALTER TABLE observations ADD COLUMN author TEXT;
  ALTER TABLE summaries ADD COLUMN author TEXT;
  CREATE TABLE team_projects (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    remote TEXT NOT NULL,
    shared_at TEXT NOT NULL,
    pull_cursor TEXT NOT NULL DEFAULT '0',
    last_push_at TEXT,
    last_pull_at TEXT,
    last_error TEXT,
    last_error_at TEXT
  );
  CREATE TABLE team_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL,
    record TEXT NOT NULL CHECK (record IN ('observation', 'summary')),
    uid TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('upsert', 'tombstone')),
    queued_at TEXT NOT NULL,
    UNIQUE (record, uid)
  );
  CREATE INDEX team_outbox_by_project ON team_outbox (project_id, id);
${teamOutboxTriggers('observations', 'observation', 'type, title, subtitle, facts, narrative, concepts, files_read, files_modified')}
${teamOutboxTriggers('summaries', 'summary', 'request, investigated, learned, completed, next_steps, notes')}
  `,
];
