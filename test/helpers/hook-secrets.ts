// Generates secret-shaped strings of every kind the privacy part redacts, for fuzzing: each call
// gives fresh random bytes, so a test can search the database and logs for the exact values.
import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}-_`;

function pick(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

export interface GeneratedSecret {
  kind: string;
  /** The secret itself: must never appear in what we store or send. */
  secret: string;
  /** The text it is embedded in (a line of a .env file, a header…). */
  text: string;
}

const jwtPart = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString('base64url');

export const GENERATORS: Record<string, () => GeneratedSecret> = {
  'anthropic-key': () => {
    const s = `sk-ant-api03-${pick(URLSAFE, 93)}AA`;
    return { kind: 'anthropic-key', secret: s, text: `using key ${s} now` };
  },
  'openai-key': () => {
    const s = `sk-proj-${pick(URLSAFE, 48)}T3BlbkFJ${pick(URLSAFE, 20)}`;
    return { kind: 'openai-key', secret: s, text: `client = OpenAI(api_key="${s}")` };
  },
  'openai-legacy-key': () => {
    const s = `sk-${pick(ALNUM, 48)}`;
    return { kind: 'openai-key', secret: s, text: `export OPENAI_KEY=${s}` };
  },
  'github-token': () => {
    const s = `ghp_${pick(ALNUM, 36)}`;
    return {
      kind: 'github-token',
      secret: s,
      text: `git clone https://x-access-token:${s}@github.com/o/r`,
    };
  },
  'github-oauth': () => {
    const s = `gho_${pick(ALNUM, 36)}`;
    return { kind: 'github-token', secret: s, text: `token: ${s}` };
  },
  'github-pat': () => {
    const s = `github_pat_${pick(ALNUM, 22)}_${pick(ALNUM, 59)}`;
    return { kind: 'github-token', secret: s, text: `GH ${s}` };
  },
  'aws-access-key': () => {
    const s = `AKIA${pick(UPPER, 16)}`;
    return { kind: 'aws-access-key', secret: s, text: `aws_access_key_id = ${s}` };
  },
  'aws-secret-key': () => {
    const s = pick(B64, 40);
    return { kind: 'aws-secret-key', secret: s, text: `[default]\naws_secret_access_key = ${s}\n` };
  },
  'google-api-key': () => {
    const s = `AIza${pick(URLSAFE, 35)}`;
    return { kind: 'google-api-key', secret: s, text: `https://maps.googleapis.com/?key=${s}` };
  },
  'slack-token': () => {
    const s = `xoxb-${randomInt(1e11, 9e11)}-${randomInt(1e11, 9e11)}-${pick(ALNUM, 24)}`;
    return { kind: 'slack-token', secret: s, text: `SLACK ${s}` };
  },
  jwt: () => {
    const s = `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: pick(ALNUM, 12), iat: 1700000000 })}.${pick(URLSAFE, 43)}`;
    return { kind: 'jwt', secret: s, text: `cookie: session=${s}` };
  },
  'private-key': () => {
    const body = Array.from({ length: 8 }, () => pick(B64, 64)).join('\n');
    const s = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----`;
    return { kind: 'private-key', secret: body, text: `cat ~/.ssh/id_ed25519\n${s}\n` };
  },
  'env-secret': () => {
    const s = pick(ALNUM, 24);
    return {
      kind: 'env-secret',
      secret: s,
      text: `NODE_ENV=production\nDATABASE_PASSWORD=${s}\nPORT=3000\n`,
    };
  },
  'env-token-quoted': () => {
    const s = `${pick(ALNUM, 10)} ${pick(ALNUM, 10)}`;
    return { kind: 'env-secret', secret: s, text: `STRIPE_SECRET_KEY="${s}"\n` };
  },
  'bearer-token': () => {
    const s = pick(`${ALNUM}._-`, 40);
    return {
      kind: 'bearer-token',
      secret: s,
      text: `curl -H "Authorization: Bearer ${s}" https://api.example.com`,
    };
  },
  'url-password': () => {
    const s = pick(ALNUM, 18);
    return {
      kind: 'url-password',
      secret: s,
      text: `DATABASE_URL=postgres://app:${s}@db.internal:5432/app`,
    };
  },
  'json-password': () => {
    const s = pick(ALNUM, 16);
    return { kind: 'secret-value', secret: s, text: `{"user": "app", "password": "${s}"}` };
  },
};

/** A `<private>` block around a random marker: the marker must never be stored. */
export function privateBlock(): GeneratedSecret {
  const s = `PRIVATE-${randomBytes(12).toString('hex')}`;
  const variants = [
    `<private>${s}</private>`,
    `<PRIVATE>${s}</PRIVATE>`,
    `<private>a<private>${s}</private>b</private>`,
    `tail <private>${s}`,
  ];
  return { kind: 'private', secret: s, text: variants[randomInt(variants.length)] as string };
}

/** `count` secrets of every kind plus `<private>` blocks. */
export function secretCorpus(count: number): GeneratedSecret[] {
  const out: GeneratedSecret[] = [];
  for (let i = 0; i < count; i++) {
    for (const gen of Object.values(GENERATORS)) out.push(gen());
    out.push(privateBlock());
  }
  return out;
}
