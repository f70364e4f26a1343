import type { QueuedEvent } from '../contracts';

/** Tools whose input names a file they changed. */
const WRITE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
/** Tools whose input names a file or folder they looked at. */
const READ_TOOLS = new Set(['Read', 'Grep', 'Glob', 'NotebookRead', 'LS']);

export interface TouchedFiles {
  filesRead: string[];
  filesModified: string[];
}

/** The path a tool input names (`file_path`, `notebook_path` or `path`), if any. */
export function pathOf(toolInput: unknown): string | undefined {
  if (!toolInput || typeof toolInput !== 'object') return undefined;
  const o = toolInput as Record<string, unknown>;
  for (const k of ['file_path', 'notebook_path', 'path']) {
    const v = o[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/**
 * Files read and modified, from the tool inputs themselves: the model may forget a file, the
 * inputs do not. Paths under the event's cwd are made relative to it so memories stay portable.
 */
export function filesFromEvents(events: QueuedEvent[]): TouchedFiles {
  return touchedFiles(events.flatMap((e) => (e.payload.kind === 'tool' ? [e.payload] : [])));
}

type ToolPayload = Extract<QueuedEvent['payload'], { kind: 'tool' }>;

export function touchedFiles(tools: ToolPayload[]): TouchedFiles {
  const read = new Set<string>();
  const modified = new Set<string>();
  for (const t of tools) {
    const p = pathOf(t.toolInput);
    if (!p) continue;
    const rel = relativeTo(p, t.cwd);
    if (WRITE_TOOLS.has(t.toolName)) {
      if (!t.failed) modified.add(rel);
    } else if (READ_TOOLS.has(t.toolName)) read.add(rel);
  }
  for (const m of modified) read.delete(m);
  return { filesRead: [...read], filesModified: [...modified] };
}

/** Union of two lists, order kept, blanks dropped. */
export function mergeFiles(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b].map((s) => s.trim()).filter(Boolean))];
}

export function relativeTo(path: string, cwd: string): string {
  const root = cwd.replace(/\/+$/, '');
  if (root && path.startsWith(`${root}/`)) return path.slice(root.length + 1);
  return path;
}

export function isWriteTool(name: string): boolean {
  return WRITE_TOOLS.has(name);
}
export function isReadTool(name: string): boolean {
  return READ_TOOLS.has(name);
}
