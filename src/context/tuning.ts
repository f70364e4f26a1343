import { listSetting, type HookSettings } from '../config';
import type { ContextTuning } from './session-context';

type TuningSettings = Pick<
  HookSettings,
  | 'CLAUDE_MEM_CONTEXT_SESSION_COUNT'
  | 'CLAUDE_MEM_CONTEXT_FULL_COUNT'
  | 'CLAUDE_MEM_CONTEXT_FULL_FIELD'
  | 'CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY'
  | 'CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES'
  | 'CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS'
  | 'CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES'
  | 'CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS'
>;

/** The session-start settings as rendering options: the hook and the viewer's preview share this. */
export function contextTuning(s: TuningSettings): ContextTuning {
  return {
    sessionCount: s.CLAUDE_MEM_CONTEXT_SESSION_COUNT,
    fullCount: s.CLAUDE_MEM_CONTEXT_FULL_COUNT,
    fullField: s.CLAUDE_MEM_CONTEXT_FULL_FIELD,
    showLastSummary: s.CLAUDE_MEM_CONTEXT_SHOW_LAST_SUMMARY,
    types: listSetting(s.CLAUDE_MEM_CONTEXT_OBSERVATION_TYPES),
    concepts: listSetting(s.CLAUDE_MEM_CONTEXT_OBSERVATION_CONCEPTS),
    excludeTypes: listSetting(s.CLAUDE_MEM_CONTEXT_EXCLUDE_TYPES),
    excludeConcepts: listSetting(s.CLAUDE_MEM_CONTEXT_EXCLUDE_CONCEPTS),
  };
}
