import {
  addUsage,
  insertObservation,
  insertSummary,
  openStore,
  recordPrompt,
  upsertProject,
  upsertSession,
  type Db,
} from '../../src/store';
import type { ObservationType } from '../../src/contracts';

/**
 * A small but realistic memory for the viewer tests and screenshots, written through the store's
 * own functions: two projects, observations of every type over two weeks, summaries, prompts and
 * token usage for the charts.
 */
export interface Seeded {
  projects: { api: number; web: number };
  sessions: { api: number; web: number };
  observationIds: number[];
}

const OBS: Array<{
  p: 'api' | 'web';
  type: ObservationType;
  title: string;
  subtitle: string;
  daysAgo: number;
  origin?: 'raw';
}> = [
  {
    p: 'api',
    type: 'bugfix',
    title: 'Token refresh raced with logout',
    subtitle: 'A refresh finishing after logout re-created the session',
    daysAgo: 13,
  },
  {
    p: 'api',
    type: 'feature',
    title: 'Rate limiter on the login endpoint',
    subtitle: '5 attempts per minute per IP, Redis-backed',
    daysAgo: 12,
  },
  {
    p: 'web',
    type: 'refactor',
    title: 'Split the settings page into panels',
    subtitle: 'One component per section',
    daysAgo: 11,
  },
  {
    p: 'api',
    type: 'discovery',
    title: 'Postgres pool exhausted under load tests',
    subtitle: 'Default pool size 10 is too small for 200 rps',
    daysAgo: 9,
  },
  {
    p: 'web',
    type: 'decision',
    title: 'Use CSS variables for theming',
    subtitle: 'Instead of a CSS-in-JS runtime',
    daysAgo: 8,
  },
  {
    p: 'api',
    type: 'change',
    title: 'Bumped Node to 20 in CI',
    subtitle: 'Node 18 reached end of life',
    daysAgo: 7,
    origin: 'raw',
  },
  {
    p: 'web',
    type: 'bugfix',
    title: 'Date picker off by one day in UTC-8',
    subtitle: 'Parsed YYYY-MM-DD as UTC midnight',
    daysAgo: 5,
  },
  {
    p: 'api',
    type: 'feature',
    title: 'Audit log for admin actions',
    subtitle: 'Every admin write lands in audit_events',
    daysAgo: 4,
  },
  {
    p: 'web',
    type: 'discovery',
    title: 'Safari drops SameSite=Strict cookies on redirects',
    subtitle: 'Only for cross-site navigations',
    daysAgo: 3,
  },
  {
    p: 'api',
    type: 'decision',
    title: 'Keep session tokens opaque',
    subtitle: 'JWTs would make revocation hard',
    daysAgo: 2,
  },
  {
    p: 'api',
    type: 'bugfix',
    title: 'Webhook retries sent duplicate emails',
    subtitle: 'Idempotency key now derived from the event id',
    daysAgo: 1,
  },
  {
    p: 'web',
    type: 'change',
    title: 'Moved the feed to server-sent events',
    subtitle: 'Polling every 5 s is gone',
    daysAgo: 0,
  },
];

/** `history`: that many extra observations 40+ days old, so the feed needs several pages. */
export function seedViewerData(
  dbPath: string,
  now: Date = new Date(),
  opts: { history?: number } = {},
): Seeded {
  const db = openStore(dbPath);
  try {
    seedHistory(db, now, opts.history ?? 0);
    return seed(db, now);
  } finally {
    db.close();
  }
}

function seed(db: Db, now: Date): Seeded {
  const at = (daysAgo: number, minutes = 0) =>
    new Date(now.getTime() - daysAgo * 86_400_000 - minutes * 60_000).toISOString();
  const api = upsertProject(db, '/home/dev/acme-api', 'acme-api', at(20));
  const web = upsertProject(db, '/home/dev/acme-web', 'acme-web', at(20));
  const sApi = upsertSession(db, {
    host: 'claude-code',
    hostSessionId: 'seed-api',
    projectId: api,
    cwd: '/home/dev/acme-api',
    now: at(14),
  }).id;
  const sWeb = upsertSession(db, {
    host: 'claude-code',
    hostSessionId: 'seed-web',
    projectId: web,
    cwd: '/home/dev/acme-web',
    now: at(14),
  }).id;
  const ids: number[] = [];
  OBS.forEach((o, i) => {
    const projectId = o.p === 'api' ? api : web;
    const sessionId = o.p === 'api' ? sApi : sWeb;
    const id = insertObservation(db, {
      uid: `seed-${i}`,
      projectId,
      sessionId,
      promptNumber: i + 1,
      type: o.type,
      title: o.title,
      subtitle: o.subtitle,
      facts: [`${o.title} — first fact`, 'Covered by a regression test'],
      narrative: `While working on ${o.p === 'api' ? 'the API' : 'the web app'} we found that ${o.subtitle.toLowerCase()}. The change is small and tested.`,
      concepts: ['problem-solution', 'gotcha'].slice(0, 1 + (i % 2)),
      filesRead: [`src/${o.p}/module-${i}.ts`],
      filesModified: i % 3 === 0 ? [`src/${o.p}/module-${i}.ts`] : [],
      createdAt: at(o.daysAgo, 30),
      model: o.origin === 'raw' ? null : 'claude-haiku-4-5',
      inputTokens: 1200,
      outputTokens: 300,
      origin: o.origin ?? 'model',
    });
    if (id !== undefined) ids.push(id);
    if (i % 4 === 3) {
      insertSummary(db, {
        uid: `seed-sum-${i}`,
        projectId,
        sessionId,
        promptNumber: i + 1,
        request: `Investigate: ${o.title.toLowerCase()}`,
        investigated: 'Logs, the failing test and the module history.',
        learned: o.subtitle,
        completed: 'Fix merged with a regression test.',
        nextSteps: 'Watch the error rate for a day.',
        notes: '',
        createdAt: at(o.daysAgo, 10),
        model: 'claude-haiku-4-5',
        origin: 'model',
      });
    }
  });
  recordPrompt(db, {
    sessionId: sApi,
    projectId: api,
    text: 'Why do webhook retries send duplicate emails?',
    now: at(1, 40),
  });
  recordPrompt(db, {
    sessionId: sWeb,
    projectId: web,
    text: 'Replace the 5 s polling in the feed with SSE',
    now: at(0, 40),
  });
  for (let d = 13; d >= 0; d--) {
    const day = at(d).slice(0, 10);
    addUsage(db, {
      day,
      provider: 'claude',
      model: 'claude-haiku-4-5',
      inputTokens: 20_000 + ((d * 7919) % 60_000),
      outputTokens: 4_000 + ((d * 104_729) % 9_000),
    });
  }
  return { projects: { api, web }, sessions: { api: sApi, web: sWeb }, observationIds: ids };
}

function seedHistory(db: Db, now: Date, n: number): void {
  if (n === 0) return;
  const projectId = upsertProject(db, '/home/dev/legacy', 'legacy', now.toISOString());
  for (let i = 0; i < n; i++) {
    insertObservation(db, {
      uid: `seed-history-${i}`,
      projectId,
      sessionId: null,
      promptNumber: null,
      type: 'change',
      title: `Older note ${i + 1}`,
      subtitle: 'From before the last month',
      facts: [],
      narrative: '',
      concepts: [],
      filesRead: [],
      filesModified: [],
      createdAt: new Date(now.getTime() - (40 + n - i) * 86_400_000).toISOString(),
      model: null,
      origin: 'raw',
    });
  }
}

/** One more observation, as the drain would write it: for the live-feed test. */
export function insertLiveObservation(
  dbPath: string,
  projectId: number,
  title: string,
  now: Date = new Date(),
): number {
  const db = openStore(dbPath);
  try {
    const id = insertObservation(db, {
      projectId,
      sessionId: null,
      promptNumber: null,
      type: 'feature',
      title,
      subtitle: 'Arrived over server-sent events',
      facts: ['Written while the page was open'],
      narrative: '',
      concepts: [],
      filesRead: [],
      filesModified: [],
      createdAt: now.toISOString(),
      model: 'claude-haiku-4-5',
      origin: 'model',
    });
    if (id === undefined) throw new Error('live observation was not inserted');
    return id;
  } finally {
    db.close();
  }
}
