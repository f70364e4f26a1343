import type { Origin } from '../contracts';

// Observations and summaries are both records of one turn: the same keys and provenance columns
// (migration 1), written and read back the same way.

/** What an insert of either record needs besides its content; without `uid` a new one is made. */
export interface NewRecordKeys {
  uid?: string;
  projectId: number;
  sessionId: number | null;
  promptNumber: number | null;
  createdAt: string;
  model: string | null;
  origin: Origin;
  /** A teammate's name for a record pulled from the team server (src/sync); absent for our own. */
  author?: string | null;
}

/** Those columns as read back, with the project's name joined in (`p.name AS project`). */
export interface RecordKeysRow {
  id: number;
  uid: string;
  project_id: number;
  project: string;
  session_id: number | null;
  prompt_number: number | null;
}

/** The leading fields of an `Observation` or a `Summary`, in their order. */
export function recordKeys(r: RecordKeysRow) {
  return {
    id: r.id,
    uid: r.uid,
    projectId: r.project_id,
    project: r.project,
    sessionId: r.session_id,
    promptNumber: r.prompt_number,
  };
}
