import type { ObservationDraft, ObservationType, QueuedEvent, SummaryDraft } from '../contracts';
import {
  filesFromEvents,
  touchedFiles,
  isReadTool,
  isWriteTool,
  pathOf,
  relativeTo,
} from './files';
import { elideMiddle, firstLine, renderValue } from './text';

/** How much of a tool's output a raw observation keeps as a fact. */
const EXCERPT_CHARS = 600;

/**
 * Deterministic observations built from the events alone, without a model: one per tool event
 * (a `turn_end` yields none; the summary covers it). Used by the offline provider, when the daily
 * budget is spent, and when a model's answer cannot be used. One per event rather than one per
 * turn because nothing is interpreted here: each record says exactly what ran and what it printed.
 */
export function buildRawObservations(events: QueuedEvent[]): ObservationDraft[] {
  return events.flatMap((e) => (e.payload.kind === 'tool' ? [rawObservation(e.payload)] : []));
}

type ToolPayload = Extract<QueuedEvent['payload'], { kind: 'tool' }>;

function rawObservation(p: ToolPayload): ObservationDraft {
  const input = (p.toolInput && typeof p.toolInput === 'object' ? p.toolInput : {}) as Record<
    string,
    unknown
  >;
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : '');
  const path = pathOf(p.toolInput);
  const file = path ? relativeTo(path, p.cwd) : '';
  const output = renderValue(p.toolResponse);
  const exit = exitCode(output);
  const facts: string[] = [];
  let title: string;
  switch (p.toolName) {
    case 'Bash':
      title = `Bash: ${firstLine(str('command'), 80)}${exit !== undefined ? ` (exit ${exit})` : p.failed ? ' (failed)' : ''}`;
      facts.push(`Command: ${elideMiddle(str('command'), 300)}`);
      break;
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit': {
      const n = Array.isArray(input['edits'])
        ? ` (${(input['edits'] as unknown[]).length} edits)`
        : '';
      title = `${p.failed ? 'Failed to edit' : 'Edited'} ${file}${n}`;
      break;
    }
    case 'Write':
      title = `${p.failed ? 'Failed to write' : 'Wrote'} ${file}`;
      break;
    case 'Read':
      title = `Read ${file}`;
      break;
    case 'Grep':
      title = `Searched for "${firstLine(str('pattern'), 60)}"${file ? ` in ${file}` : ''}`;
      break;
    case 'Glob':
      title = `Listed files matching "${firstLine(str('pattern'), 60)}"${file ? ` in ${file}` : ''}`;
      break;
    case 'WebFetch':
      title = `Fetched ${firstLine(str('url'), 100)}`;
      break;
    case 'WebSearch':
      title = `Web search: ${firstLine(str('query'), 80)}`;
      break;
    case 'Agent':
    case 'Task':
      title = `Sub-agent: ${firstLine(str('description') || str('prompt'), 80)}`;
      break;
    default:
      title = `${p.toolName}${file ? ` ${file}` : ''}${p.failed ? ' (failed)' : ''}`;
  }
  if (file) facts.push(`File: ${file}`);
  if (exit !== undefined) facts.push(`Exit code: ${exit}`);
  if (output.trim())
    facts.push(`${p.failed ? 'Error' : 'Output'}: ${elideMiddle(output.trim(), EXCERPT_CHARS)}`);
  const files = touchedFiles([p]);
  return {
    type: rawType(p),
    title,
    subtitle: str('description') ? firstLine(str('description'), 120) : '',
    facts,
    narrative: '',
    concepts: [],
    filesRead: files.filesRead,
    filesModified: files.filesModified,
  };
}

/** Writes are changes; a failure, a read, a search or a command's output is something learned. */
function rawType(p: ToolPayload): ObservationType {
  if (p.failed) return 'discovery';
  if (isWriteTool(p.toolName)) return 'change';
  if (isReadTool(p.toolName) || p.toolName === 'Bash') return 'discovery';
  return 'change';
}

/** Claude Code reports a failed command as `Exit code N`; a success carries no code. */
function exitCode(output: string): number | undefined {
  const m = /exit code:?\s*(\d+)/i.exec(output);
  return m ? Number(m[1]) : undefined;
}

/** A deterministic turn summary: the request, what was looked at, what changed, the last answer. */
export function buildRawSummary(userPrompt: string, events: QueuedEvent[]): SummaryDraft {
  const tools = events.flatMap((e) => (e.payload.kind === 'tool' ? [e.payload] : []));
  const { filesRead, filesModified } = filesFromEvents(events);
  const commands = tools
    .filter((t) => t.toolName === 'Bash')
    .map((t) => firstLine(renderValue((t.toolInput as { command?: unknown })?.command), 80));
  const failed = tools.filter((t) => t.failed).length;
  const last = [...events].reverse().find((e) => e.payload.kind === 'turn_end');
  const investigated = [
    filesRead.length ? `Read: ${filesRead.join(', ')}` : '',
    commands.length ? `Ran: ${commands.join('; ')}` : '',
  ].filter(Boolean);
  const answer = last && last.payload.kind === 'turn_end' ? last.payload.lastAssistantMessage.trim() : '';
  // One line each: session-start memory flattens fields, and the assistant's closing answer is
  // the best account of what the turn completed.
  return {
    request: elideMiddle(userPrompt.trim(), 1_000),
    investigated: investigated.join('; '),
    learned: '',
    completed: [
      answer ? elideMiddle(answer, 1_000) : '',
      filesModified.length ? `Modified: ${filesModified.join(', ')}` : '',
      `${tools.length} tool call${tools.length === 1 ? '' : 's'}${failed ? ` (${failed} failed)` : ''}`,
    ]
      .filter(Boolean)
      .join('; '),
    nextSteps: '',
    notes: '',
  };
}
