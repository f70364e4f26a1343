import type { ErrorKind } from '../contracts';

/** The CLI edge's one mapping from error kinds to exit codes. */
const EXIT_CODES: Record<ErrorKind, number> = {
  config_invalid: 78,
  validation: 64,
  not_found: 66,
  unauthorized: 77,
  provider_auth: 77,
  provider_quota: 69,
  provider_rate_limited: 75,
  provider_bad_request: 65,
  provider_context_overflow: 65,
  provider_unavailable: 69,
  provider_bad_output: 65,
  storage_busy: 75,
  storage_full: 74,
  storage_unwritable: 73,
  worker_unreachable: 69,
  internal: 70,
};

export function exitCodeFor(kind: ErrorKind): number {
  return EXIT_CODES[kind];
}
