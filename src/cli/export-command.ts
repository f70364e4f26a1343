import { parseArgs } from 'node:util';
import type { ExportLine, Observation, Summary } from '../contracts';
import { resolveProjectIds } from '../search';
import { iterateObservations, iterateSummaries, listProjects } from '../store';
import type { Command } from './context';
import { withMemoryDb } from './search-db';

/** `claude-mem export [--project P] > memories.jsonl`: one JSON record per line, stable uids. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write memories as JSONL to stdout (every project unless --project).',
  usage: 'claude-mem export [--project P] > memories.jsonl',
  async run(args, ctx) {
    const { values } = parseArgs({ args, strict: true, options: { project: { type: 'string', short: 'p' } } });
    return withMemoryDb(ctx, (db) => {
      const projectIds = values.project === undefined ? undefined : resolveProjectIds(db, { project: values.project }, ctx.cwd);
      const roots = new Map(listProjects(db).map((p) => [p.id, p.root]));
      let observations = 0;
      let summaries = 0;
      for (const o of iterateObservations(db, projectIds ? { projectIds } : {})) {
        ctx.out.line(JSON.stringify(observationLine(o, roots.get(o.projectId) ?? o.project)));
        observations++;
      }
      for (const s of iterateSummaries(db, projectIds)) {
        ctx.out.line(JSON.stringify(summaryLine(s, roots.get(s.projectId) ?? s.project)));
        summaries++;
      }
      ctx.out.progress?.(`Exported ${observations} observation(s) and ${summaries} summary(ies).\n`);
      return 0;
    });
  },
};

export function observationLine(o: Observation, projectRoot: string): ExportLine {
  return {
    record: 'observation',
    uid: o.uid,
    project: o.project,
    projectRoot,
    type: o.type,
    title: o.title,
    subtitle: o.subtitle,
    facts: o.facts,
    narrative: o.narrative,
    concepts: o.concepts,
    filesRead: o.filesRead,
    filesModified: o.filesModified,
    createdAt: o.createdAt,
    model: o.model,
    origin: o.origin,
  };
}

export function summaryLine(s: Summary, projectRoot: string): ExportLine {
  return {
    record: 'summary',
    uid: s.uid,
    project: s.project,
    projectRoot,
    request: s.request,
    investigated: s.investigated,
    learned: s.learned,
    completed: s.completed,
    nextSteps: s.nextSteps,
    notes: s.notes,
    createdAt: s.createdAt,
    origin: s.origin,
  };
}
