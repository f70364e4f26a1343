import type { TeamItem } from '../contracts';

/**
 * Clip a record to what the server accepts (the limits of src/contracts/team.ts), so one huge
 * observation cannot block its project's push queue forever with a 400. The local record stays
 * whole; teammates get the clipped copy, marked as such.
 */
export function fitItem(item: TeamItem): TeamItem {
  if (item.kind === 'tombstone') return item;
  if (item.kind === 'summary') {
    return {
      ...item,
      request: clip(item.request, 16_000),
      investigated: clip(item.investigated, 16_000),
      learned: clip(item.learned, 16_000),
      completed: clip(item.completed, 16_000),
      nextSteps: clip(item.nextSteps, 16_000),
      notes: clip(item.notes, 16_000),
    };
  }
  return {
    ...item,
    title: clip(item.title, 2_000),
    subtitle: clip(item.subtitle, 4_000),
    facts: item.facts.slice(0, 200).map((f) => clip(f, 4_000)),
    narrative: clip(item.narrative, 64_000),
    concepts: item.concepts.slice(0, 50).map((c) => clip(c, 200)),
    filesRead: item.filesRead.slice(0, 500).map((f) => clip(f, 2_000)),
    filesModified: item.filesModified.slice(0, 500).map((f) => clip(f, 2_000)),
  };
}

const MARK = ' […clipped for the team server]';

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - MARK.length) + MARK;
}
