import { parseArgs } from 'node:util';
import {
  CREDENTIAL_KEYS,
  displayCredential,
  displaySettingValue,
  loadConfig,
  SETTING_KEYS,
  SETTINGS,
  writeSetting,
  ensureDataDir,
  resolvePaths,
  settingFromEnv,
} from '../config';
import { MemError } from '../contracts';
import type { Command } from './context';

/** `claude-mem config [--json]` and `claude-mem config set KEY VALUE`. */
export const configCommand: Command = {
  name: 'config',
  summary: 'Show every effective setting and where it came from; `config set KEY VALUE` changes one.',
  usage: 'claude-mem config [--json]\nclaude-mem config set KEY VALUE',
  async run(args, ctx) {
    if (args[0] === 'set') {
      const [, key, value] = args;
      if (!key || value === undefined) {
        throw new MemError('validation', 'config set needs a key and a value.', {
          hint: 'Run: claude-mem config set CLAUDE_MEM_PROVIDER offline',
        });
      }
      const paths = resolvePaths(ctx.env, ctx.home);
      ensureDataDir(paths);
      const parsed = writeSetting(paths, key, value);
      ctx.out.line(`${key} = ${JSON.stringify(displaySettingValue(key, parsed))} (saved to ${paths.settingsPath})`);
      if (settingFromEnv(ctx.env, key) !== undefined) ctx.out.warn(`${key} is also set in the environment, which takes precedence.`);
      return 0;
    }
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true });
    const cfg = loadConfig({ env: ctx.env, home: ctx.home });
    const settings = SETTING_KEYS.map((key) => ({
      key,
      value: displaySettingValue(key, cfg.settings[key]),
      source: cfg.sources[key],
      description: SETTINGS[key].doc,
    }));
    const credentials = CREDENTIAL_KEYS.map((key) => ({
      key,
      value: displayCredential(key, cfg.credentials[key]),
      source: cfg.credentials[key] === undefined ? 'not set' : cfg.paths.envPath,
    }));
    const warnings = [...cfg.warnings];
    if (cfg.unknownKeys.length) warnings.push(`Unknown keys in ${cfg.paths.settingsPath} (kept, not used): ${cfg.unknownKeys.join(', ')}`);
    if (cfg.ignoredCredentialKeys.length)
      warnings.push(`Keys in ${cfg.paths.envPath} that claude-mem ignores: ${cfg.ignoredCredentialKeys.join(', ')}`);
    const originalNote = cfg.originalKeys.length
      ? `${cfg.originalKeys.length} key(s) in ${cfg.paths.settingsPath} belong to the original claude-mem (ignored, kept when claude-mem writes the file): ${cfg.originalKeys.join(', ')}`
      : undefined;
    if (values.json) {
      ctx.out.json({
        dataDir: cfg.paths.dataDir,
        settings,
        credentials,
        unknownKeys: cfg.unknownKeys,
        originalKeys: cfg.originalKeys,
        warnings,
      });
      return 0;
    }
    ctx.out.line(`data dir: ${cfg.paths.dataDir}`);
    ctx.out.line('');
    const width = Math.max(...SETTING_KEYS.map((k) => k.length));
    for (const s of settings) ctx.out.line(`${s.key.padEnd(width)}  ${JSON.stringify(s.value)}  (${s.source})`);
    ctx.out.line('');
    ctx.out.line(`credentials (${cfg.paths.envPath}):`);
    for (const c of credentials) ctx.out.line(`${c.key.padEnd(width)}  ${c.value}`);
    if (originalNote) {
      ctx.out.line('');
      ctx.out.line(originalNote);
    }
    for (const w of warnings) ctx.out.warn(w);
    return 0;
  },
};
