import type { Pool, PoolClient } from 'pg';

/**
 * Numbered schema migrations. Each runs in its own transaction together with its row in
 * `schema_migrations`, so a crash leaves the schema at a whole number. A session-level advisory
 * lock makes two servers starting at once take turns: the second finds the work done.
 * Never edit a shipped migration; add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary but fixed: "cmem" in ASCII. Only this server takes it. */
const LOCK_KEY = 0x636d656d;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'teams, users, keys, projects, records, tombstones, change cursor, full-text search',
    sql: `
      CREATE TABLE teams (
        id bigserial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE users (
        id bigserial PRIMARY KEY,
        team_id bigint NOT NULL REFERENCES teams(id),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, name)
      );
      -- Only the sha256 of a key is stored; the prefix lets a person name a key to revoke it.
      CREATE TABLE api_keys (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users(id),
        prefix text NOT NULL UNIQUE,
        hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE projects (
        id bigserial PRIMARY KEY,
        team_id bigint NOT NULL REFERENCES teams(id),
        remote text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, remote)
      );
      -- One sequence for every change: pull reads "changes of this project after seq N".
      CREATE SEQUENCE change_seq AS bigint;
      CREATE TABLE observations (
        team_id bigint NOT NULL REFERENCES teams(id),
        uid text NOT NULL,
        project_id bigint NOT NULL REFERENCES projects(id),
        seq bigint NOT NULL DEFAULT nextval('change_seq'),
        by_user bigint NOT NULL REFERENCES users(id),
        type text NOT NULL,
        title text NOT NULL,
        subtitle text NOT NULL DEFAULT '',
        facts jsonb NOT NULL DEFAULT '[]',
        narrative text NOT NULL DEFAULT '',
        concepts jsonb NOT NULL DEFAULT '[]',
        files_read jsonb NOT NULL DEFAULT '[]',
        files_modified jsonb NOT NULL DEFAULT '[]',
        author text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title), 'A') ||
          setweight(to_tsvector('english', subtitle || ' ' || coalesce(facts::text, '')), 'B') ||
          setweight(to_tsvector('english', narrative), 'C')
        ) STORED,
        PRIMARY KEY (team_id, uid)
      );
      CREATE INDEX observations_pull ON observations (project_id, seq);
      CREATE INDEX observations_search ON observations USING gin (search);
      CREATE TABLE summaries (
        team_id bigint NOT NULL REFERENCES teams(id),
        uid text NOT NULL,
        project_id bigint NOT NULL REFERENCES projects(id),
        seq bigint NOT NULL DEFAULT nextval('change_seq'),
        by_user bigint NOT NULL REFERENCES users(id),
        request text NOT NULL DEFAULT '',
        investigated text NOT NULL DEFAULT '',
        learned text NOT NULL DEFAULT '',
        completed text NOT NULL DEFAULT '',
        next_steps text NOT NULL DEFAULT '',
        notes text NOT NULL DEFAULT '',
        author text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', request), 'A') ||
          setweight(to_tsvector('english', learned || ' ' || completed), 'B') ||
          setweight(to_tsvector('english', investigated || ' ' || next_steps || ' ' || notes), 'C')
        ) STORED,
        PRIMARY KEY (team_id, uid)
      );
      CREATE INDEX summaries_pull ON summaries (project_id, seq);
      CREATE INDEX summaries_search ON summaries USING gin (search);
      -- A forgotten record: kept (small) so every client that pulls later forgets it too.
      CREATE TABLE tombstones (
        team_id bigint NOT NULL REFERENCES teams(id),
        uid text NOT NULL,
        record text NOT NULL CHECK (record IN ('observation', 'summary')),
        project_id bigint NOT NULL REFERENCES projects(id),
        seq bigint NOT NULL DEFAULT nextval('change_seq'),
        by_user bigint NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, uid)
      );
      CREATE INDEX tombstones_pull ON tombstones (project_id, seq);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Apply every migration not yet applied; returns the versions applied now. Safe to run concurrently. */
export async function migrate(pool: Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await inTransaction(client, async () => {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        });
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** The highest applied migration (0 on an empty database). */
export async function schemaVersion(pool: Pool): Promise<number> {
  const t = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!t.rows[0]?.t) return 0;
  const r = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

export async function inTransaction<T>(client: PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    // Roll back whatever the failure was, then let the caller see the original error.
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => void rollbackErr);
    throw err;
  }
}
