/** What a redaction marker names: `[REDACTED:<kind>]`. */
export const SECRET_KINDS = [
  'private-key',
  'anthropic-key',
  'openai-key',
  'github-token',
  'gitlab-token',
  'slack-token',
  'webhook-url',
  'stripe-key',
  'npm-token',
  'pypi-token',
  'aws-access-key',
  'aws-secret-key',
  'google-api-key',
  'google-oauth',
  'huggingface-token',
  'sendgrid-key',
  'jwt',
  'service-token',
  'password-hash',
  'bearer-token',
  'cookie',
  'url-password',
  'cli-secret',
  'env-secret',
  'secret-value',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const redactionMarker = (kind: SecretKind): string => `[REDACTED:${kind}]`;

export const MARKER_PREFIX = '[REDACTED:';
