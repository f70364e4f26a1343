/**
 * Secret-shaped strings, each replaced by `[REDACTED:<kind>]`. Order matters: specific token
 * formats run before the context rules (`KEY=value`, `Authorization:` headers, JSON keys), so
 * `ANTHROPIC_API_KEY=sk-ant-…` reads `ANTHROPIC_API_KEY=[REDACTED:anthropic-key]`. Patterns are
 * linear (no nested quantifiers, and every unanchored run is bounded): they run on every captured
 * prompt and tool output, megabytes of minified code included.
 */
export const SECRET_KINDS = [
  'private-key',
  'anthropic-key',
  'openai-key',
  'github-token',
  'npm-token',
  'aws-access-key',
  'aws-secret-key',
  'google-api-key',
  'slack-token',
  'jwt',
  'bearer-token',
  'url-password',
  'env-secret',
  'secret-value',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export const redactionMarker = (kind: SecretKind): string => `[REDACTED:${kind}]`;

interface Rule {
  kind: SecretKind;
  re: RegExp;
  /** Build the replacement from the match groups; default: the whole match becomes the marker. */
  replace?: (groups: string[], marker: string) => string;
}

/** Keep group 1 (the label), replace group 2 (the value). */
const keepLabel = (g: string[], marker: string) => `${g[1] ?? ''}${marker}`;

const RULES: Rule[] = [
  {
    kind: 'private-key',
    // Unclosed blocks (a capped output) are removed to the end.
    re: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { kind: 'anthropic-key', re: /(?<![A-Za-z0-9])sk-ant-[A-Za-z0-9_-]{16,}/g },
  { kind: 'openai-key', re: /(?<![A-Za-z0-9])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  {
    kind: 'github-token',
    re: /(?<![A-Za-z0-9])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})/g,
  },
  { kind: 'npm-token', re: /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  {
    kind: 'aws-access-key',
    re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  },
  {
    // 40 base64 characters look like anything else: an AWS secret key is only recognised by its label.
    kind: 'aws-secret-key',
    re: /((?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    replace: keepLabel,
  },
  { kind: 'google-api-key', re: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}/g },
  { kind: 'slack-token', re: /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}/g },
  {
    kind: 'jwt',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
  },
  {
    kind: 'bearer-token',
    re: /(\b(?:Proxy-)?Authorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token|Bot)\s+)?)(?!\[REDACTED:|(?:Bearer|Basic|Token|Bot)\s)([^\s"'\\,;]{6,})/gi,
    replace: keepLabel,
  },
  {
    kind: 'bearer-token',
    re: /(\bBearer\s+)(?!\[REDACTED:)([A-Za-z0-9._~+/-]{16,}=*)/g,
    replace: keepLabel,
  },
  {
    kind: 'url-password',
    re: /(\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:@/"'<>]{1,256}:)(?!\[REDACTED:)([^\s@/"'<>]{1,512})(?=@)/gi,
    replace: keepLabel,
  },
  {
    // `.env` lines and shell assignments: KEY=value where a word of KEY names a secret.
    kind: 'env-secret',
    re: /(^|[\s;&|(`])((?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \t]*=[ \t]*)("[^"\n]*"|'[^'\n]*'|[^\s"'`;&|)]+)/gm,
    replace: (g, marker) => {
      const [, lead = '', label = '', key = '', value = ''] = g;
      if (!isSecretName(key) || value.startsWith('[REDACTED:') || /^["']?["']?$/.test(value))
        return g[0] ?? '';
      const quote = /^["']/.test(value) ? value[0] : '';
      return `${lead}${label}${quote}${marker}${quote}`;
    },
  },
  {
    // JSON / YAML / TOML style: "password": "…", client_secret = '…', "apiKey": "…".
    kind: 'secret-value',
    re: /((?<![A-Za-z0-9_.-])(["']?)([A-Za-z0-9_.-]{1,64})\2[ \t]*[:=][ \t]*(["']))(?!\[REDACTED:)([^"'\n]{4,})(?=["'])/g,
    replace: (g, marker) => (isSecretName(g[3] ?? '') ? `${g[1] ?? ''}${marker}` : (g[0] ?? '')),
  },
];

const SECRET_WORDS = new Set([
  'TOKEN',
  'SECRET',
  'SECRETS',
  'KEY',
  'KEYS',
  'APIKEY',
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
  'AUTHTOKEN',
  'AUTHORIZATION',
  'PRIVATE',
  'SIGNATURE',
  'SALT',
  'COOKIE',
  'DSN',
]);

/** Whether a variable or field name says it holds a secret: one of its words (snake, kebab or camel case) does. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w) || /(?:TOKEN|SECRET|PASSWORD|APIKEY)$/.test(w));
}

/** Replace secret-shaped strings with a marker naming their kind, e.g. `[REDACTED:github-token]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of RULES) {
    const marker = redactionMarker(rule.kind);
    out = out.replace(rule.re, (...args: unknown[]) => {
      // (match, group 1…n, offset, input): the rules use no named groups.
      const groups = args.slice(0, -2) as string[];
      return rule.replace ? rule.replace(groups, marker) : marker;
    });
  }
  return out;
}
