/**
 * Secret-shaped strings, each replaced by `[REDACTED:<kind>]`. Order matters: private key blocks
 * first, then token formats, then URL credentials, then the context rules (`KEY=value`, flags,
 * headers, JSON/YAML fields), so `ANTHROPIC_API_KEY=sk-ant-…` reads
 * `ANTHROPIC_API_KEY=[REDACTED:anthropic-key]`. Every rule runs in linear time (a benchmark fuzzes
 * each with a megabyte of adversarial input): they run on every captured prompt and tool output.
 */
import { redactionMarker } from './kinds';
import { redactAssignments } from './secret-assign';
import { redactPrivateKeyBlocks, redactUrlCredentials } from './secret-blocks';
import { TOKEN_RULES, type TokenRule } from './secret-tokens';

export { SECRET_KINDS, redactionMarker, type SecretKind } from './kinds';
export { isSecretName } from './secret-names';

export interface RedactionRule {
  name: string;
  apply: (text: string) => string;
  /** Strings that start this rule's match without completing it: seeds for adversarial input. */
  probes: string[];
}

/** Every rule, in the order redactSecrets applies them (the benchmark times each on its own). */
export const REDACTION_RULES: RedactionRule[] = [
  {
    name: 'private-key block',
    apply: redactPrivateKeyBlocks,
    probes: ['-----BEGIN', '-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----\n-----END'],
  },
  ...TOKEN_RULES.map((rule, i) => ({
    name: `${rule.kind} token #${i}`,
    apply: (text: string) => applyTokenRule(rule, text),
    probes: rule.probes,
  })),
  {
    name: 'url credentials',
    apply: redactUrlCredentials,
    probes: ['a://', 'https://user:', 'https://u:p@', ':\\/\\/'],
  },
  {
    name: 'named assignments and flags',
    apply: redactAssignments,
    probes: ['password=', '"password":"', "'token': '", 'token:\n', '--password ', '-p', '<password>', 'secret: [', 'mysql -p', 'KEY '],
  },
];

/** Replace secret-shaped strings with a marker naming their kind, e.g. `[REDACTED:github-token]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const rule of REDACTION_RULES) out = rule.apply(out);
  return out;
}

function applyTokenRule(rule: TokenRule, text: string): string {
  const marker = redactionMarker(rule.kind);
  rule.re.lastIndex = 0;
  return text.replace(rule.re, (...args: unknown[]) => {
    // (match, group 1…n, offset, input): the rules use no named groups.
    const match = args[0] as string;
    if (rule.skip?.(match)) return match;
    const label = rule.label === undefined ? '' : ((args[rule.label] as string | undefined) ?? '');
    return `${label}${marker}`;
  });
}
