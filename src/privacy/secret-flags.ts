// Short command-line flags that take a password only for certain commands: `-p` is a password for
// mysql (glued: -pSECRET) and `docker login`, a port for docker run and ssh. The commands are
// looked for anywhere in the text, once (a text that mentions mysql is treated as mysql's).

export interface Contexts {
  mysql: boolean;
  sshpass: boolean;
  login: boolean;
  mongo: boolean;
  redis: boolean;
  zip: boolean;
  sevenZip: boolean;
  curl: boolean;
  sshKeygen: boolean;
  /** `.netrc`: `machine host login user password secret`. */
  netrc: boolean;
  /** Set by the scanner: a `name: "DB_PASSWORD"` was seen, its `value:` is secret up to here. */
  pairUntil: number;
}

export function contextsOf(text: string): Contexts {
  return {
    mysql: /\b(?:mysql[a-z]*|mariadb[a-z-]*)\b/i.test(text),
    sshpass: /\bsshpass\b/.test(text),
    login: /\blogin\b/.test(text),
    mongo: /\bmongo[a-z]*\b/.test(text),
    redis: /\bredis-cli\b/.test(text),
    zip: /\b(?:zip|unzip)\b/.test(text),
    sevenZip: /\b7z[az]?\b/.test(text),
    curl: /\bcurl\b/.test(text),
    sshKeygen: /\bssh-keygen\b/.test(text),
    netrc: /\bmachine[ \t]+[\w.:-]+(?:\s|\\n)+(?:login|password|account)\b/.test(text) || /\bdefault[ \t]+login\b/.test(text),
    pairUntil: -1,
  };
}

/** Whether `flag` (e.g. `-p`, `-pSECRET`) takes a secret here: glued to it, or as the next word. */
export function shortFlagTakesSecret(flag: string, ctx: Contexts): 'attached' | 'separate' | undefined {
  const letter = flag[1];
  if (flag[0] !== '-' || letter === '-' || letter === undefined) return undefined;
  if (flag.length > 2) {
    // Only `-p` glues its value on; a longer single-dash word is a flag of its own otherwise.
    return letter === 'p' && (ctx.mysql || ctx.sshpass || ctx.sevenZip) ? 'attached' : undefined;
  }
  if (letter === 'p') {
    // A bare -p before a word: docker login's password wins over mysql's "prompt me" (drop more).
    if (ctx.sshpass || ctx.login || ctx.mongo) return 'separate';
    if (ctx.mysql || ctx.sevenZip) return 'attached';
  }
  if (letter === 'a' && ctx.redis) return 'separate';
  if (letter === 'b' && ctx.curl) return 'separate';
  if ((letter === 'N' || letter === 'P') && ctx.sshKeygen) return 'separate';
  if (letter === 'P' && ctx.zip) return 'separate';
  return undefined;
}
