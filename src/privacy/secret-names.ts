// Whether a name (an environment variable, a JSON field, a flag, a header) says it holds a secret.

const SECRET_WORDS = new Set([
  'TOKEN',
  'SECRET',
  'SECRETS',
  'KEY',
  'KEYS',
  'APIKEY',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'PWD',
  'PW',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'AUTHTOKEN',
  'AUTHORIZATION',
  'PRIVATE',
  'SIGNATURE',
  'SIG',
  'SALT',
  'COOKIE',
  'COOKIES',
  'DSN',
  // Session cookies by their usual names.
  'SESSIONID',
  'JSESSIONID',
  'PHPSESSID',
  'CSRFTOKEN',
]);

// A word ending like these is one too: STOREPASS, KEYPASS, ACCESSTOKEN, APPSECRET, DBPASSWORD.
const SECRET_SUFFIX = /(?:TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|STOREPASS|KEYPASS|PASSPHRASE)$/;

const MAYBE = /tok|sec|key|pas|pw|cred|auth|priv|sig|salt|cook|dsn|sess|csrf/i;


/** Whether a variable or field name says it holds a secret: one of its words (snake, kebab or camel case) does. */
export function isSecretName(name: string): boolean {
  // Most words of a text are names of nothing secret: a cheap look first.
  if (name.length > 128 || !MAYBE.test(name)) return false;
  const known = verdicts.get(name);
  if (known !== undefined) return known;
  const verdict = words(name).some((w) => SECRET_WORDS.has(w) || SECRET_SUFFIX.test(w));
  if (verdicts.size > 2000) verdicts.clear();
  verdicts.set(name, verdict);
  return verdict;
}

// Names repeat (every line of a .env, every record of a JSON array): remember, within reason.
const verdicts = new Map<string, boolean>();

/** The upper-cased words of a name: split at non-alphanumerics and at lower-to-upper case changes. */
function words(name: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = name.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    const upper = c >= 65 && c <= 90;
    const prev = i > 0 ? name.charCodeAt(i - 1) : 0;
    const prevLowerOrDigit = (prev >= 97 && prev <= 122) || (prev >= 48 && prev <= 57);
    if (!alnum || (upper && prevLowerOrDigit)) {
      if (i > start) out.push(name.slice(start, i).toUpperCase());
      start = alnum ? i : i + 1;
    }
  }
  return out;
}
