import { MemError, type Observation, type Summary } from '../contracts';
import { getObservations, getSummaries, timelineKeys, type Db, type TimelineKey } from '../store';
import { clip } from './snippet';

/** One entry of a timeline: an observation or a turn summary, compact like a search hit. */
export interface TimelineItem {
  kind: 'observation' | 'summary';
  id: number;
  date: string;
  project: string;
  /** The observation type, or `summary`. */
  type: string;
  title: string;
  snippet: string;
  /** The record the timeline was asked around. */
  anchor: boolean;
}

export interface TimelineParams {
  /** Centre on this observation (its project is the default scope). */
  aroundId?: number;
  /** Or centre on this moment (ISO 8601). Neither: the newest records. */
  date?: string;
  before?: number;
  after?: number;
  /** `undefined`: the anchor's project when there is one, else every project. */
  projectIds?: number[];
}

/** What happened around a record or a moment, oldest first: observations and summaries interleaved. */
export function timeline(db: Db, p: TimelineParams): TimelineItem[] {
  const before = p.before ?? 10;
  const after = p.after ?? 10;
  let projectIds = p.projectIds;
  let at: { createdAt: string; kind: '' | 'observation'; id: number };
  let wantAfter = after;
  let wantBefore = before;
  if (p.aroundId !== undefined) {
    const [anchor] = getObservations(db, [p.aroundId]);
    if (!anchor) {
      throw new MemError('not_found', `No observation #${p.aroundId}.`, { hint: 'Search first, then use an id from the results.' });
    }
    at = { createdAt: anchor.createdAt, kind: 'observation', id: anchor.id };
    projectIds ??= [anchor.projectId];
    wantAfter = after + 1; // the anchor itself opens the "after" side
  } else if (p.date !== undefined) {
    at = { createdAt: p.date, kind: '', id: 0 };
  } else {
    at = { createdAt: '9999-12-31T23:59:59.999Z', kind: '', id: 0 };
    wantBefore = before + after;
    wantAfter = 0;
  }
  const keys = timelineKeys(db, { at, before: wantBefore, after: wantAfter, ...(projectIds ? { projectIds } : {}) });
  const ordered = [...keys.before.reverse(), ...keys.after];
  return hydrate(db, ordered, p.aroundId);
}

function hydrate(db: Db, keys: TimelineKey[], anchorId: number | undefined): TimelineItem[] {
  const obs = new Map(getObservations(db, keys.filter((k) => k.kind === 'observation').map((k) => k.id)).map((o) => [o.id, o]));
  const sums = new Map(getSummaries(db, keys.filter((k) => k.kind === 'summary').map((k) => k.id)).map((s) => [s.id, s]));
  return keys.flatMap((k) => {
    if (k.kind === 'observation') {
      const o = obs.get(k.id);
      return o ? [fromObservation(o, o.id === anchorId)] : [];
    }
    const s = sums.get(k.id);
    return s ? [fromSummary(s)] : [];
  });
}

function fromObservation(o: Observation, anchor: boolean): TimelineItem {
  return {
    kind: 'observation',
    id: o.id,
    date: o.createdAt,
    project: o.project,
    type: o.type,
    title: o.title,
    snippet: clip(o.subtitle || o.narrative),
    anchor,
  };
}

/** A turn summary as a compact entry (timeline, and summary hits in search). */
export function fromSummary(s: Summary): TimelineItem {
  return {
    kind: 'summary',
    id: s.id,
    date: s.createdAt,
    project: s.project,
    type: 'summary',
    title: clip(s.request || s.completed || '(turn summary)', 100),
    snippet: clip(s.completed || s.learned || s.investigated),
    anchor: false,
  };
}
