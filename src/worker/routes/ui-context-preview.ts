import { SESSION_CONTEXT_SETTING_KEYS, SETTINGS, type Config, type Settings } from '../../config';
import { buildSessionContext, contextTuning, estimateTokens } from '../../context';
import { MemError, type ContextPreview } from '../../contracts';
import { getProject, listProjects } from '../../store';
import type { RouteModule } from './types';

/** The settings that shape the session-start memory: the preview takes unsaved values for these. */
export const PREVIEW_KEYS = SESSION_CONTEXT_SETTING_KEYS;

/**
 * `GET /api/context/preview?project=<id>&CLAUDE_MEM_CONTEXT_…=<value>`: the session-start text a
 * new session of the project would get, rendered by the hook's own code with the saved settings
 * and any of PREVIEW_KEYS given in the query (not saved), so the settings page previews an edit
 * live. Without `project`, the project with the most observations. A bad value is a 400 naming it.
 */
export function createUiContextPreviewRoutes(override?: () => Config): RouteModule {
  return {
    name: 'ui-context-preview',
    mount(app, deps) {
      const load = override ?? deps.loadConfig;
      app.get('/api/context/preview', (c) => {
        const settings: Record<string, unknown> = { ...load().settings };
        for (const key of PREVIEW_KEYS) {
          const raw = c.req.query(key);
          if (raw === undefined) continue;
          const parsed = SETTINGS[key].schema.safeParse(raw);
          if (!parsed.success) {
            throw new MemError('validation', `${key} is ${JSON.stringify(raw)}; expected ${SETTINGS[key].expected}.`);
          }
          settings[key] = parsed.data;
        }
        const s = settings as Settings;
        const project = pickProject(deps.db, c.req.query('project'));
        if (!project) return c.json({ project: null, text: '', tokens: 0 } satisfies ContextPreview);
        const text = buildSessionContext(deps.db, project, {
          maxTokens: s.CLAUDE_MEM_CONTEXT_TOKENS,
          maxObservations: s.CLAUDE_MEM_CONTEXT_OBSERVATIONS,
          tuning: contextTuning(s),
        });
        return c.json({ project: { id: project.id, name: project.name }, text, tokens: estimateTokens(text) } satisfies ContextPreview);
      });
    },
  };
}

export const uiContextPreviewRoutes = createUiContextPreviewRoutes();

function pickProject(db: Parameters<typeof getProject>[0], raw: string | undefined) {
  if (raw === undefined || raw === '') {
    const all = listProjects(db).sort((a, b) => b.observations - a.observations);
    return all[0];
  }
  const id = Number(raw);
  const row = Number.isInteger(id) ? getProject(db, id) : undefined;
  if (!row) throw new MemError('not_found', `No project with id ${JSON.stringify(raw)}.`, { hint: 'Ids are listed by GET /api/projects.' });
  return row;
}
