// Pure functions that keep private content out of everything claude-mem writes or sends:
// applied before the first write (hooks) and before any model call (agent).
export { stripPrivate, privateState, type PrivateState } from './private-tags';
export {
  redactSecrets,
  redactionMarker,
  isSecretName,
  SECRET_KINDS,
  REDACTION_RULES,
  type RedactionRule,
  type SecretKind,
} from './secrets';
export { sanitize, sanitizeText, type SanitizeOptions } from './sanitize';
export { isExcludedProject } from './exclude';
