import type { ProviderConfig, Settings } from '../config';
import type { ObservationDraft, QueuedEvent } from '../contracts';
import type { Logger } from '../log';
import { filesFromEvents, mergeFiles, relativeTo } from './files';
import { parseAnswer } from './parse';
import { buildPrompt } from './prompt';
import { callLogged, providerFor } from './providers';
import type { Provider } from './providers';
import { buildRawObservations, buildRawSummary } from './raw';
import type { CompressInput, CompressResult, MemoryAgent } from './types';
import { elideMiddle } from './text';

export interface AgentDeps {
  logger: Logger;
  settings: Pick<
    Settings,
    'CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS' | 'CLAUDE_MEM_BATCH_MAX_CHARS' | 'CLAUDE_MEM_REDACT_SECRETS'
  > &
    Partial<Pick<Settings, 'CLAUDE_MEM_LANGUAGE'>>;
  /** Network access for the providers (default: the global fetch). */
  fetch?: typeof fetch;
  /** Use this backend instead of the configured one (tests: test/helpers/scripted-provider.ts). */
  provider?: Provider;
  /** Most tokens the model may answer with (default 4096). */
  maxOutputTokens?: number;
  now?: () => number;
  /** Where credentials come from, named in the error when one is missing. */
  credentialsFile?: string;
}

const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

/**
 * The memory agent for a provider configuration: builds the prompt, calls the backend once (the
 * worker owns retries and backoff), parses the answer. A backend error comes back as a typed
 * failure; an answer that cannot be used keeps the batch raw. Never throws for either.
 */
export function createAgent(cfg: ProviderConfig, deps: AgentDeps): MemoryAgent {
  const provider = deps.provider ?? providerFor(cfg, deps.fetch ?? globalThis.fetch, deps.credentialsFile);
  const limits = {
    toolOutputMaxChars: deps.settings.CLAUDE_MEM_TOOL_OUTPUT_MAX_CHARS,
    batchMaxChars: deps.settings.CLAUDE_MEM_BATCH_MAX_CHARS,
    redact: deps.settings.CLAUDE_MEM_REDACT_SECRETS,
    language: deps.settings.CLAUDE_MEM_LANGUAGE ?? '',
  };
  const offline = cfg.provider === 'offline' && !deps.provider;
  return {
    provider: provider.name,
    model: provider.model,
    async compress(input: CompressInput, signal?: AbortSignal): Promise<CompressResult> {
      if (offline) return rawResult(input, 'offline', 0, 0);
      const prompt = buildPrompt(input, limits);
      const res = await callLogged(
        provider,
        deps.logger,
        {
          system: prompt.system,
          user: prompt.user,
          maxTokens: deps.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
          ...(signal ? { signal } : {}),
        },
        {
          events: input.events.length,
          eventsOmitted: prompt.eventsOmitted,
          promptChars: prompt.system.length + prompt.user.length,
        },
        deps.now,
      );
      if (!res.ok) {
        const { ok, ...failure } = res;
        void ok;
        return { ok: false, ...failure };
      }
      const parsed = parseAnswer(res.text);
      if (!parsed) {
        deps.logger.warn('Unusable model answer; keeping the batch raw', {
          provider: provider.name,
          model: res.model,
          answerChars: res.text.length,
          answerStart: elideMiddle(res.text, 300),
        });
        return rawResult(input, res.model, res.inputTokens, res.outputTokens);
      }
      const summary = input.summarize
        ? parsed.summary
          ? {
              ...parsed.summary,
              request: parsed.summary.request || elideMiddle(input.userPrompt.trim(), 1_000),
            }
          : buildRawSummary(input.userPrompt, input.events)
        : undefined;
      return {
        ok: true,
        origin: 'model',
        observations: attachFiles(parsed.observations, input.events),
        ...(summary ? { summary } : {}),
        model: res.model,
        inputTokens: res.inputTokens,
        outputTokens: res.outputTokens,
      };
    },
  };
}

function rawResult(
  input: CompressInput,
  model: string,
  inputTokens: number,
  outputTokens: number,
): CompressResult {
  return {
    ok: true,
    origin: 'raw',
    observations: buildRawObservations(input.events),
    ...(input.summarize ? { summary: buildRawSummary(input.userPrompt, input.events) } : {}),
    model,
    inputTokens,
    outputTokens,
  };
}

/**
 * Merge the files the tool inputs name with those the model listed. A file goes to every
 * observation whose text mentions it; a file no observation mentions goes to the first one, so
 * no touched file is lost. Paths are made relative to the session's working directory.
 */
export function attachFiles(
  observations: ObservationDraft[],
  events: QueuedEvent[],
): ObservationDraft[] {
  if (observations.length === 0) return observations;
  const cwd = events.find((e) => e.payload.cwd)?.payload.cwd ?? '';
  const fromTools = filesFromEvents(events);
  const rel = (list: string[]) => list.map((p) => relativeTo(p, cwd));
  const out = observations.map((o) => ({
    ...o,
    filesRead: rel(o.filesRead),
    filesModified: rel(o.filesModified),
  }));
  const place = (file: string, key: 'filesRead' | 'filesModified') => {
    const base = file.split('/').pop() ?? file;
    const mentions = out.filter(
      (o) =>
        o.filesRead.includes(file) || o.filesModified.includes(file) || textOf(o).includes(base),
    );
    for (const o of mentions.length ? mentions : [out[0] as ObservationDraft])
      o[key] = mergeFiles(o[key], [file]);
  };
  for (const f of fromTools.filesModified) place(f, 'filesModified');
  for (const f of fromTools.filesRead) place(f, 'filesRead');
  // A file the tools modified is not also "read" in the same observation.
  for (const o of out) o.filesRead = o.filesRead.filter((f) => !o.filesModified.includes(f));
  return out;
}

function textOf(o: ObservationDraft): string {
  return [o.title, o.subtitle, o.narrative, ...o.facts].join('\n');
}
