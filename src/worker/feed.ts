import type { FeedEvent, FeedEventName } from '../contracts';
import type { Logger } from '../log';
import { feedMaxIds, feedRowsBetween, getObservations, getProject, getSummaries, type Db, type FeedCursor, type FeedRows } from '../store';

/**
 * The live feed behind `GET /api/events`. Hooks write prompts straight into SQLite and the drain
 * writes observations and summaries, so the feed polls the highest row ids (cheap) and broadcasts
 * new rows. Event ids are `obs:<id>`, `sum:<id>`, `prompt:<id>`, monotonic per type. A ring of
 * recent events lets a reconnecting client resume exactly after its Last-Event-ID; an id older
 * than the ring (or from before a restart) is served from the database.
 */
export type { FeedEvent, FeedEventName };

export interface Subscription {
  /** Events after `lastEventId`, to send before anything live. */
  missed: FeedEvent[];
  close(): void;
}

export interface EventFeed {
  /** Look for new rows now and broadcast them. */
  poll(): void;
  subscribe(lastEventId: string | undefined, send: (e: FeedEvent) => void, onClose: () => void): Subscription;
  connections(): number;
  /** Start polling every `intervalMs`. */
  start(intervalMs?: number): void;
  /** Stop polling and end every open stream (so the HTTP server can close). */
  stop(): void;
}

const RING_SIZE = 2_000;
const BACKFILL_LIMIT = 500;
type Prefix = 'obs' | 'sum' | 'prompt';

export function createEventFeed(db: Db, logger: Logger): EventFeed {
  let cursor: FeedCursor = feedMaxIds(db);
  const ring: FeedEvent[] = [];
  const subscribers = new Set<{ send: (e: FeedEvent) => void; onClose: () => void }>();
  const projectNames = new Map<number, string>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const projectName = (id: number): string => {
    let name = projectNames.get(id);
    if (name === undefined) {
      name = getProject(db, id)?.name ?? '';
      projectNames.set(id, name);
    }
    return name;
  };

  const toEvents = (rows: FeedRows): FeedEvent[] => [
    ...rows.observations.map((o): FeedEvent => ({ id: `obs:${o.id}`, event: 'observation', data: o })),
    ...rows.summaries.map((s): FeedEvent => ({ id: `sum:${s.id}`, event: 'summary', data: s })),
    ...rows.prompts.map((p): FeedEvent => ({ id: `prompt:${p.id}`, event: 'prompt', data: { ...p, project: projectName(p.projectId) } })),
  ];

  function poll(): void {
    const max = feedMaxIds(db);
    if (max.obs <= cursor.obs && max.sum <= cursor.sum && max.prm <= cursor.prm) return;
    const rows = feedRowsBetween(db, cursor, max, BACKFILL_LIMIT);
    // Advance only past what was read, so a burst larger than the limit continues next poll.
    cursor = {
      obs: rows.observations.at(-1)?.id ?? cursor.obs,
      sum: rows.summaries.at(-1)?.id ?? cursor.sum,
      prm: rows.prompts.at(-1)?.id ?? cursor.prm,
    };
    for (const e of toEvents(rows)) {
      ring.push(e);
      for (const s of subscribers) s.send(e);
    }
    if (ring.length > RING_SIZE) ring.splice(0, ring.length - RING_SIZE);
  }

  /** What a client that last saw `lastEventId` has missed, without duplicates. */
  function missedSince(lastEventId: string): FeedEvent[] {
    const at = ring.findIndex((e) => e.id === lastEventId);
    if (at >= 0) return ring.slice(at + 1);
    const m = /^(obs|sum|prompt):(\d+)$/.exec(lastEventId.trim());
    if (!m) return [];
    const type = m[1] as Prefix;
    const id = Number(m[2]);
    // Not in the ring: its own type resumes by id; the others from the anchor row's time.
    const anchor = anchorTime(type, id);
    const after: FeedCursor = {
      obs: type === 'obs' ? id : idAfterTime('observations', anchor),
      sum: type === 'sum' ? id : idAfterTime('summaries', anchor),
      prm: type === 'prompt' ? id : idAfterTime('prompts', anchor),
    };
    return toEvents(feedRowsBetween(db, after, cursor, BACKFILL_LIMIT)).sort((a, b) =>
      a.data.createdAt < b.data.createdAt ? -1 : a.data.createdAt > b.data.createdAt ? 1 : 0,
    );
  }

  function anchorTime(type: Prefix, id: number): string | undefined {
    if (type === 'obs') return getObservations(db, [id])[0]?.createdAt;
    if (type === 'sum') return getSummaries(db, [id])[0]?.createdAt;
    const row = db.prepare('SELECT created_at AS t FROM prompts WHERE id = ?').get(id) as { t: string } | undefined;
    return row?.t;
  }

  /** The highest id of `table` created at or before `time`: rows after it are newer than the anchor. */
  function idAfterTime(table: 'observations' | 'summaries' | 'prompts', time: string | undefined): number {
    if (time === undefined) return cursor[table === 'observations' ? 'obs' : table === 'summaries' ? 'sum' : 'prm'];
    const row = db.prepare(`SELECT COALESCE(MAX(id), 0) AS id FROM ${table} WHERE created_at <= ?`).get(time) as { id: number };
    return row.id;
  }

  return {
    poll,
    subscribe(lastEventId, send, onClose) {
      poll(); // bring the ring up to date so `missed` and the live stream meet without a gap
      const sub = { send, onClose };
      subscribers.add(sub);
      return {
        missed: lastEventId ? missedSince(lastEventId) : [],
        close: () => void subscribers.delete(sub),
      };
    },
    connections: () => subscribers.size,
    start(intervalMs = 500) {
      timer ??= setInterval(() => {
        try {
          poll();
        } catch (err) {
          logger.error('Event feed poll failed', { error: (err as Error).stack ?? String(err) });
        }
      }, intervalMs);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const s of [...subscribers]) s.onClose();
      subscribers.clear();
    },
  };
}
