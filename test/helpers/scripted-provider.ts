import type { Provider, ProviderRequest, ProviderResult } from '../../src/agent';

export type ScriptStep =
  ProviderResult | ((req: ProviderRequest) => ProviderResult | Promise<ProviderResult>);

/**
 * An in-process provider that answers from a script, for tests of the worker (retries, budgets,
 * terminal states) that need no HTTP. Each call takes the next step; the last step repeats.
 * Every request is kept in `requests`.
 */
export function createScriptedProvider(
  script: ScriptStep[],
  opts: { name?: string; model?: string } = {},
): Provider & { requests: ProviderRequest[] } {
  if (script.length === 0) throw new Error('createScriptedProvider needs at least one step');
  const requests: ProviderRequest[] = [];
  return {
    name: opts.name ?? 'fake',
    model: opts.model ?? 'fake-model',
    baseUrlHost: '',
    requests,
    async call(req) {
      const step = script[Math.min(requests.length, script.length - 1)] as ScriptStep;
      requests.push(req);
      return typeof step === 'function' ? step(req) : step;
    },
  };
}

/** A successful answer carrying `answer` as JSON text, as a model would send it. */
export function fakeAnswer(
  answer: unknown,
  tokens: { input?: number; output?: number } = {},
): ProviderResult {
  return {
    ok: true,
    text: typeof answer === 'string' ? answer : JSON.stringify(answer),
    inputTokens: tokens.input ?? 100,
    outputTokens: tokens.output ?? 50,
    model: 'fake-model',
  };
}
