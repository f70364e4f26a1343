import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { MemError } from '../contracts';
import { inTransaction } from './migrations';

/**
 * API keys: `cmk_<id>_<secret>`. The id (8 chars) names the key in listings and `revoke-key`
 * and reveals nothing of the secret (32 random bytes). Only sha256(key) is stored, so a copy of
 * the database grants nothing; comparison is constant-time.
 */
export interface KeyOwner {
  keyId: number;
  prefix: string;
  userId: number;
  userName: string;
  teamId: number;
  teamName: string;
}

const KEY_SHAPE = /^(cmk_[A-Za-z0-9]{8})_[A-Za-z0-9_-]{43}$/;

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function newKey(): { key: string; prefix: string } {
  const id = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  const prefix = `cmk_${id}`;
  return { key: `${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** Create (or reuse) the team and user, and give the user a new key. The key is returned once, never stored. */
export async function addUser(pool: Pool, userName: string, teamName: string): Promise<{ key: string; prefix: string; created: boolean }> {
  for (const [what, v] of [['user', userName], ['team', teamName]] as const) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/.test(v)) {
      throw new MemError('validation', `Invalid ${what} name "${v}".`, {
        hint: 'Use 1-100 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
      });
    }
  }
  const client = await pool.connect();
  try {
    return await inTransaction(client, async () => {
      const team = await client.query<{ id: string }>(
        'INSERT INTO teams (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
        [teamName],
      );
      const teamId = team.rows[0]?.id;
      const user = await client.query<{ id: string; created: boolean }>(
        `INSERT INTO users (team_id, name) VALUES ($1, $2)
         ON CONFLICT (team_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id, (xmax = 0) AS created`,
        [teamId, userName],
      );
      const row = user.rows[0];
      const { key, prefix } = newKey();
      await client.query('INSERT INTO api_keys (user_id, prefix, hash) VALUES ($1, $2, $3)', [row?.id, prefix, hashKey(key)]);
      return { key, prefix, created: Boolean(row?.created) };
    });
  } finally {
    client.release();
  }
}

/** Revoke by id prefix (`cmk_AbCd1234`) or by the whole key. Returns the prefix revoked. */
export async function revokeKey(pool: Pool, keyOrPrefix: string): Promise<string> {
  const m = KEY_SHAPE.exec(keyOrPrefix.trim());
  const prefix = m ? (m[1] as string) : keyOrPrefix.trim();
  if (!/^cmk_[A-Za-z0-9]{8}$/.test(prefix)) {
    throw new MemError('validation', `"${prefix.slice(0, 16)}" is not a key id.`, {
      hint: 'Pass the key id printed by `claude-mem server add-user` (cmk_ and 8 characters) or the whole key.',
    });
  }
  const r = await pool.query('UPDATE api_keys SET revoked_at = now() WHERE prefix = $1 AND revoked_at IS NULL RETURNING prefix', [prefix]);
  if (r.rowCount === 0) {
    throw new MemError('not_found', `No active key ${prefix}.`, { hint: 'It may already be revoked; check the id.' });
  }
  return prefix;
}

/** The owner of a presented key, or null for an unknown, malformed or revoked key. */
export async function authenticate(pool: Pool, presented: string): Promise<KeyOwner | null> {
  const m = KEY_SHAPE.exec(presented);
  if (!m) return null;
  const r = await pool.query<{ key_id: string; hash: Buffer; user_id: string; user_name: string; team_id: string; team_name: string }>(
    `SELECT k.id AS key_id, k.hash, u.id AS user_id, u.name AS user_name, t.id AS team_id, t.name AS team_name
       FROM api_keys k JOIN users u ON u.id = k.user_id JOIN teams t ON t.id = u.team_id
      WHERE k.prefix = $1 AND k.revoked_at IS NULL`,
    [m[1]],
  );
  const row = r.rows[0];
  if (!row || !timingSafeEqual(row.hash, hashKey(presented))) return null;
  return {
    keyId: Number(row.key_id),
    prefix: m[1] as string,
    userId: Number(row.user_id),
    userName: row.user_name,
    teamId: Number(row.team_id),
    teamName: row.team_name,
  };
}
