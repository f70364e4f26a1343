// Two hooks may replay the same spooled event: both list the spool folder, one records the event
// and removes the file, the other has already read it. The event must be recorded once.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolvePaths, type Paths } from '../../src/config';
import { spoolEvent } from '../../src/hooks/spool';
import { createMemoryLogger } from '../../src/log';
import { openStore } from '../../src/store';
import { fixture, hookEnv, runHook } from '../helpers/hook-run';

let dir: string;
let paths: Paths;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cm-spool-replay-'));
  paths = resolvePaths({ CLAUDE_MEM_DATA_DIR: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('replaying the spool', () => {
  it('records a spooled prompt once when a second hook replays the same file', async () => {
    const run = mkdtempSync(join(tmpdir(), 'cm-spool-run-'));
    try {
      const env = hookEnv(dir);
      const prompt = (id: string, text: string) => JSON.stringify({ ...fixture('2.1.197', 'UserPromptSubmit', run), session_id: id, prompt: text });
      expect((await runHook('UserPromptSubmit', prompt('first', 'opening prompt'), env)).code).toBe(0);
      const ok = spoolEvent(
        { type: 'prompt', sessionId: 'spooled', cwd: run, prompt: 'the spooled prompt' },
        { paths, log: createMemoryLogger(), now: new Date(), redact: true },
        'test',
      );
      expect(ok).toBe(true);
      const [name] = readdirSync(paths.spoolDir).filter((f) => f.endsWith('.json'));
      const file = join(paths.spoolDir, name as string);
      const copy = join(run, 'copy.json');
      copyFileSync(file, copy);
      // Hook A replays and removes the file; hook B had read it before: put it back for B.
      expect((await runHook('UserPromptSubmit', prompt('a', 'prompt a'), env)).code).toBe(0);
      copyFileSync(copy, file);
      expect((await runHook('UserPromptSubmit', prompt('b', 'prompt b'), env)).code).toBe(0);
      const db = openStore(paths.dbPath, { readonly: true });
      try {
        const n = (db.prepare(`SELECT COUNT(*) AS n FROM prompts WHERE text = 'the spooled prompt'`).get() as { n: number }).n;
        expect(n).toBe(1);
      } finally {
        db.close();
      }
      expect(readdirSync(paths.spoolDir).filter((f) => f.endsWith('.json'))).toEqual([]);
    } finally {
      rmSync(run, { recursive: true, force: true });
    }
  });
});
