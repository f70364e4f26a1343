// Secrets recognised by their own shape: a vendor prefix and a run of token characters.
//
// Each pattern is linear: a literal prefix (tried only where a token may start, thanks to a
// lookbehind that excludes every character of the run, so no start lies inside another's run),
// then one greedy character class. A greedy run either succeeds and is consumed, or
// is shorter than the minimum and the next try starts past it; nothing is rescanned from every
// position. Conditions that would need a lookahead over the whole run (contains a digit…) are
// checked in `skip` on the match instead, for the same reason.
import type { SecretKind } from './kinds';

export interface TokenRule {
  kind: SecretKind;
  re: RegExp;
  /** A match this says no to is left alone (checked here, not by a lookahead over the run). */
  skip?: (match: string) => boolean;
  /** Keep this group (a label such as `Bearer `) before the marker. */
  label?: number;
  /** Adversarial seeds for the benchmark: strings that start a match without completing it. */
  probes: string[];
}

// Not inside another token, but right after a JSON escape (`\n`, `\t`) counts as a start.
const B = '(?:(?<![A-Za-z0-9_-])|(?<=\\\\[nrt]))';
const hasDigit = (s: string) => /[0-9]/.test(s);
// A token-looking word with no digit is a kebab/snake identifier, not a key.
const wordy = (m: string) => !hasDigit(m);

export const TOKEN_RULES: TokenRule[] = [
  {
    kind: 'anthropic-key',
    re: new RegExp(`${B}sk-ant-[A-Za-z0-9_-]{16,}`, 'g'),
    probes: ['sk-ant-', 'sk-ant-abc '],
  },
  {
    kind: 'openai-key',
    re: new RegExp(`${B}sk-(?:proj-|svcacct-|admin-|or-v1-)?[A-Za-z0-9_-]{20,}`, 'g'),
    skip: wordy,
    probes: ['sk-', 'sk-proj-', 'sk-aaaaaaaaaaaaaaaaaaa '],
  },
  {
    kind: 'github-token',
    re: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})`, 'g'),
    probes: ['ghp_', 'github_pat_', 'ghp_abc-'],
  },
  {
    kind: 'gitlab-token',
    re: new RegExp(
      `${B}(?:(?:glpat|gldt|glrt|glptt|glcbt|glsoat|glffct|glft|glimt|glagent|gloas)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})`,
      'g',
    ),
    probes: ['glpat-', 'GR1348941'],
  },
  {
    kind: 'slack-token',
    re: new RegExp(`${B}(?:xox[abposre]|xapp|xoxe\\.xox[bp])-[A-Za-z0-9-]{10,}`, 'g'),
    probes: ['xoxb-', 'xapp-', 'xoxe.xoxp-'],
  },
  {
    kind: 'webhook-url',
    re: /https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks)\/[A-Za-z0-9_/-]{16,}/g,
    probes: ['https://hooks.slack.com/services/', 'https://discord.com/api/webhooks/'],
  },
  {
    kind: 'stripe-key',
    re: new RegExp(`${B}(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,})`, 'g'),
    probes: ['sk_live_', 'whsec_'],
  },
  {
    kind: 'npm-token',
    re: new RegExp(`${B}npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])`, 'g'),
    probes: ['npm_', 'npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  },
  {
    kind: 'pypi-token',
    re: new RegExp(`${B}pypi-AgE[A-Za-z0-9_-]{40,}`, 'g'),
    probes: ['pypi-AgE', 'pypi-'],
  },
  {
    kind: 'aws-access-key',
    re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
    probes: ['AKIA', 'ASIA1234'],
  },
  {
    kind: 'google-api-key',
    re: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}`, 'g'),
    probes: ['AIza', 'AIzaSy'],
  },
  {
    kind: 'google-oauth',
    re: new RegExp(
      `${B}(?:GOCSPX-[A-Za-z0-9_-]{24,}|ya29\\.[A-Za-z0-9_-]{20,})|(?<![A-Za-z0-9/])1//0[A-Za-z0-9_-]{30,}`,
      'g',
    ),
    probes: ['GOCSPX-', 'ya29.', '1//0'],
  },
  {
    kind: 'huggingface-token',
    re: new RegExp(`${B}hf_[A-Za-z0-9]{30,}`, 'g'),
    probes: ['hf_'],
  },
  {
    kind: 'sendgrid-key',
    re: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}`, 'g'),
    probes: ['SG.', 'SG.aaaaaaaaaaaaaaaaaaaa.'],
  },
  {
    kind: 'jwt',
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g,
    probes: ['eyJ', 'eyJhbGciOi.', 'eyJhbGciOi.eyJ'],
  },
  {
    // Other services that prefix their tokens; a digit is required so identifiers that happen to
    // share a prefix (rnd_something_long) stay.
    kind: 'service-token',
    re: new RegExp(
      `${B}(?:(?:dop|doo|dor)_v1_|shp(?:at|ss|ca|pa)_|dapi|dckr_pat_|hv[sbr]\\.|dp\\.(?:st|pt|ct|sa|scim|audit)\\.|pul-|lin_api_|ntn_|ATATT3|glc_|glsa_|NRAK-|PMAK-|sntry[su]_|gsk_|xai-|r8_|pplx-|rubygems_|sbp_|sq0(?:atp|csp)-|pscale_(?:tkn|pw|oauth)_|tskey-(?:api|auth|client)-|nfp_|rnd_|CFPAT-|figd_|fio-u-|AGE-SECRET-KEY-1|sk\\.eyJ|secret_)[A-Za-z0-9_.=+/-]{20,}`,
      'g',
    ),
    skip: wordy,
    probes: ['dop_v1_', 'shpat_', 'hvs.', 'secret_', 'AGE-SECRET-KEY-1', 'dp.st.'],
  },
  {
    kind: 'service-token',
    // Telegram bot tokens; Firebase server keys (only the part after the id is matched: a leading
    // run of id characters would be rescanned from each of its positions).
    re: /(?<![0-9])\d{8,10}:AA[A-Za-z0-9_-]{30,}|:APA91b[A-Za-z0-9_-]{60,}/g,
    probes: ['12345678:AA', '123456789', 'AAAA:APA91b', '-p'],
  },
  {
    kind: 'service-token',
    // Terraform Cloud: <14 id chars>.atlasv1.<secret>; the secret part is what matters.
    re: /\.atlasv1\.[A-Za-z0-9_-]{40,}/g,
    probes: ['.atlasv1.'],
  },
  {
    kind: 'password-hash',
    // crypt(3) and htpasswd/LDAP hashes: $2y$…, $6$salt$…, $apr1$…, $argon2id$…, {SSHA}…
    re: /\$(?:2[abxy]?|apr1|1|5|6|7|y|gy|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha(?:1|256|512))?|sha1|md5)\$[A-Za-z0-9./+=$,-]{8,}|\{(?:S?SHA(?:256|384|512)?|S?MD5|CRYPT|PBKDF2[A-Z0-9-]*|ARGON2)\}[A-Za-z0-9./+=$,-]{8,}/g,
    probes: ['$1$', '$2y$10$', '{SSHA}', '$apr1$'],
  },
  {
    kind: 'private-key',
    // PuTTY .ppk: the lines after "Private-Lines: N" are the key.
    re: /(Private-Lines:[ \t]*\d+[ \t]*\r?\n)[A-Za-z0-9+/=\r\n]+/g,
    label: 1,
    probes: ['Private-Lines: 14\n'],
  },
  {
    kind: 'secret-value',
    // .pgpass: host:port:database:user:password (one per line; also quoted or run into prose).
    re: /(?:^|(?<=[\s"]|\\n))([^\s:"\\]+:(?:\d+|\*):[^\s:"\\]+:[^\s:"\\]+:)(?!\[REDACTED:)[^\s"\\]+/gm,
    label: 1,
    probes: ['a:1:b:c:', '*:*:*:', 'host:'],
  },
  {
    kind: 'bearer-token',
    // A long token after "Bearer" anywhere ("Bearer " + x in code, logs that print headers).
    re: /(\bBearer[ \t]+)(?!\[REDACTED:)[A-Za-z0-9._~+/-]{16,}=*/g,
    label: 1,
    probes: ['Bearer ', 'Bearer Bearer '],
  },
];
