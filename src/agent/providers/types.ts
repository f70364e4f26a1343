import type { FailureKind } from '../../contracts';

/** One model call: a system prompt and one user message. The model gets no tools, ever. */
export interface ProviderRequest {
  system: string;
  user: string;
  maxTokens: number;
  signal?: AbortSignal;
}

export type ProviderResult =
  | {
      ok: true;
      text: string;
      inputTokens: number;
      outputTokens: number;
      model: string;
      /** HTTP status and request id of the answer, when there was one (for logs and the probe). */
      status?: number;
      requestId?: string;
    }
  | ProviderFailure;

export interface ProviderFailure {
  ok: false;
  kind: FailureKind;
  message: string;
  status?: number;
  requestId?: string;
  /** The backend's error body, verbatim (capped, with our own secrets masked). */
  body?: string;
  retryAfterMs?: number;
}

/** One interface, thin adapters: every backend is a `call` that never throws. */
export interface Provider {
  readonly name: string;
  readonly model: string;
  /** Host of the base URL, safe to log ('' when there is no network). */
  readonly baseUrlHost: string;
  call(req: ProviderRequest): Promise<ProviderResult>;
}
