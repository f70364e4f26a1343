import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { resolveProject } from '../../config';
import { MemError, OBSERVATION_TYPES } from '../../contracts';
import { isExcludedProject, sanitize } from '../../privacy';
import { clipTitle } from '../../search';
import { findProjects, insertObservation, upsertProject } from '../../store';
import type { McpDeps } from '../deps';
import { guard, textResult } from '../result';

/** `save_memory`: a note a person or the model wants kept, stored as a `manual` observation. */
export function registerSaveMemory(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'save_memory',
    {
      title: 'Save a memory',
      description:
        'Save a note to memory (a decision, a gotcha, how something works) so future sessions can find it. ' +
        '<private> content and secret-looking strings are removed before it is stored.',
      inputSchema: {
        text: z.string().min(1).max(20_000).describe('The note itself.'),
        title: z.string().max(200).optional().describe('A short title; defaults to the start of the text.'),
        type: z.enum(OBSERVATION_TYPES).optional().describe('Kind of note (default discovery).'),
        concepts: z.array(z.string().max(50)).max(10).optional().describe('Tags such as gotcha, pattern, trade-off.'),
        files: z.array(z.string().max(500)).max(50).optional().describe('File paths the note is about.'),
        project: z.string().optional().describe('Project name or root; defaults to the current project.'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      guard('save_memory', deps.logger, () => {
        const clean = sanitize(
          { text: args.text, title: args.title ?? '', concepts: args.concepts ?? [], files: args.files ?? [] },
          { redact: deps.redactSecrets },
        );
        const text = clean.text.trim();
        if (!text) throw new MemError('validation', 'Nothing is left to save once private content is removed.');
        const project = targetProject(deps, args.project);
        if (isExcludedProject(project, deps.excludedProjects)) {
          throw new MemError('validation', `Project ${project.name} is excluded from memory (CLAUDE_MEM_EXCLUDED_PROJECTS).`);
        }
        const now = deps.now().toISOString();
        const projectId = upsertProject(deps.db, project.root, project.name, now);
        const id = insertObservation(deps.db, {
          uid: `manual-${process.getBuiltinModule('node:crypto').randomUUID()}`,
          projectId,
          sessionId: null,
          promptNumber: null,
          type: args.type ?? 'discovery',
          title: clean.title.trim() || clipTitle(text),
          subtitle: '',
          facts: [],
          narrative: text,
          concepts: clean.concepts,
          filesRead: [],
          filesModified: clean.files,
          createdAt: now,
          model: null,
          origin: 'manual',
        });
        return textResult(`Saved as #${id} in ${project.name}.`);
      }),
  );
}

function targetProject(deps: McpDeps, name: string | undefined): { root: string; name: string } {
  if (!name) return resolveProject(deps.cwd);
  const [found, ...more] = findProjects(deps.db, name);
  if (!found) throw new MemError('not_found', `No project named "${name}".`, { hint: 'Omit project to save into the current one.' });
  if (more.length) throw new MemError('validation', `Several projects are named "${name}".`, { hint: 'Pass the project root path instead.' });
  return found;
}
