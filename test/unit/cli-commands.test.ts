import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli';

// `help` lists COMMANDS without loading any command's code, so each summary is written twice:
// in the list and in the command's own file. This keeps the two equal, and each name loadable.
describe('the CLI command list', () => {
  it('names every command once, and each entry loads the command of that name and summary', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name, entry.name).toBe(entry.name);
      expect(entry.summary, entry.name).toBe(command.summary);
    }
  });
});
