import { homedir } from 'node:os';
import { loadCredentials, type Credentials } from './credentials';
import { originalSettingsWarnings } from './original-settings';
import { resolvePaths, type Paths } from './paths';
import { buildProviderConfig, providerWarnings, type ProviderConfig } from './provider-config';
import { loadSettings, type SettingSource } from './settings';
import type { SettingKey, Settings } from './settings-schema';

export * from './atomic-write';
export * from './claude-code-env';
export * from './credentials';
export * from './data-dir';
export * from './display';
export * from './hook-settings';
export * from './original-settings';
export * from './paths';
export * from './project';
export * from './git-remote';
export * from './provider-config';
export * from './risky-changes';
export * from './settings';
export * from './settings-schema';
export * from './test-hooks';
export * from './worker-env';

/** The whole typed configuration. Built once per process by a composition root in src/bin. */
export interface Config {
  paths: Paths;
  settings: Settings;
  sources: Record<SettingKey, SettingSource>;
  unknownKeys: string[];
  /** Keys of the original claude-mem in the shared settings.json (ignored, kept on write). */
  originalKeys: string[];
  credentials: Credentials;
  ignoredCredentialKeys: string[];
  provider: ProviderConfig;
  warnings: string[];
}

/**
 * The one place that reads settings.json, .env and process.env. Throws `config_invalid` with the
 * file, key and expected value on bad input. Only side effect: tightening a too-open .env mode.
 */
export function loadConfig(opts: { env?: NodeJS.ProcessEnv; home?: string } = {}): Config {
  const env = opts.env ?? process.env;
  const paths = resolvePaths(env, opts.home ?? homedir());
  const { settings, sources, unknownKeys, originalKeys, file } = loadSettings(paths, env);
  const creds = loadCredentials(paths);
  const provider = buildProviderConfig(settings, creds.credentials, {
    env,
    home: opts.home ?? homedir(),
    paths,
  });
  return {
    paths,
    settings,
    sources,
    unknownKeys,
    originalKeys,
    credentials: creds.credentials,
    ignoredCredentialKeys: creds.ignoredKeys,
    provider,
    warnings: [
      ...creds.warnings,
      ...providerWarnings(provider, paths.envPath),
      ...originalSettingsWarnings(file, paths, settings, creds.credentials),
    ],
  };
}

/** Split a comma-separated list setting into trimmed, non-empty items. */
export function listSetting(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
