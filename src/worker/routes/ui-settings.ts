import {
  CREDENTIAL_KEYS,
  displayCredential,
  displaySettingValue,
  clearMovedCredentials,
  isSettingKey,
  MAX_VALUE_CHARS,
  parseSetting,
  settingChangeRisk,
  SETTING_KEYS,
  SETTINGS,
  writeSetting,
  type Config,
  type SettingKey,
} from '../../config';
import { isMemError, MemError, type ApiSettingValue, type SettingSaved, type SettingsAnswer } from '../../contracts';
import { confirmGate } from './confirm';
import type { RouteModule } from './types';

/** Reads the configuration fresh on each request (what the next worker start will use). */
export type ConfigLoader = () => Config;

/**
 * `GET /api/settings` lists every setting (value, source, doc, expected) and every credential as
 * set / not set with a fingerprint. `PUT /api/settings/:key` validates and writes settings.json
 * with the same code as `claude-mem config set`; a bad value is a 400 with the message verbatim.
 * A changed setting takes effect when the worker restarts.
 */
export function createUiSettingsRoutes(override?: ConfigLoader): RouteModule {
  return {
    name: 'ui-settings',
    mount(app, deps) {
      const load = override ?? deps.loadConfig;
      app.get('/api/settings', (c) => {
        const cfg = load();
        return c.json({
          settingsPath: cfg.paths.settingsPath,
          envPath: cfg.paths.envPath,
          settings: SETTING_KEYS.map((key) => ({
            key,
            value: displaySettingValue(key, cfg.settings[key]) as ApiSettingValue,
            source: cfg.sources[key],
            doc: SETTINGS[key].doc,
            expected: SETTINGS[key].expected,
            default: SETTINGS[key].default,
            ...(choicesFor(key) ? { choices: choicesFor(key) } : {}),
          })),
          credentials: CREDENTIAL_KEYS.map((key) => ({
            key,
            display: displayCredential(key, cfg.credentials[key]),
            set: cfg.credentials[key] !== undefined,
          })),
          warnings: cfg.warnings,
        } satisfies SettingsAnswer);
      });

      app.put('/api/settings/:key', async (c) => {
        const key = c.req.param('key');
        const value = await jsonValue(c.req.raw);
        if (!isSettingKey(key)) {
          throw new MemError('validation', `${key} is not a claude-mem setting.`, {
            hint: `Known settings: ${SETTING_KEYS.join(', ')}.`,
          });
        }
        const cfg = load();
        let parsed;
        try {
          if (value.length > MAX_VALUE_CHARS) {
            throw new MemError('config_invalid', `${key} is ${value.length} characters long; a setting holds at most ${MAX_VALUE_CHARS}.`);
          }
          parsed = parseSetting(key, value, 'the request');
          const reason = settingChangeRisk(key, cfg.settings[key], parsed);
          if (reason) {
            const display = String(displaySettingValue(key, parsed));
            const refusal = confirmGate(c, deps, { target: 'setting', key, value: String(parsed), display, reason });
            if (refusal) return refusal;
          }
          parsed = writeSetting(cfg.paths, key, value);
        } catch (err) {
          // A bad value is the caller's mistake (400), not a broken config file (500).
          if (isMemError(err) && err.kind === 'config_invalid') {
            throw new MemError('validation', err.message, {
              ...(err.hint ? { hint: err.hint } : {}),
              cause: err,
            });
          }
          throw err;
        }
        const envOverrides = cfg.sources[key] === 'env';
        // A key is only for the host it was entered for: one this change would send elsewhere is removed.
        const cleared = envOverrides
          ? []
          : clearMovedCredentials(cfg.paths, cfg, { settings: { ...cfg.settings, [key]: parsed }, credentials: cfg.credentials });
        return c.json({
          clearedCredentials: cleared,
          key,
          value: displaySettingValue(key, parsed) as ApiSettingValue,
          source: envOverrides ? 'env' : 'file',
          envOverrides,
          restartRequired: true,
        } satisfies SettingSaved);
      });
    },
  };
}

export const uiSettingsRoutes: RouteModule = createUiSettingsRoutes();

/** Read `{"value": "..."}` from a JSON body; numbers and booleans are accepted as their text. */
export async function jsonValue(req: Request): Promise<string> {
  if (!(req.headers.get('content-type') ?? '').includes('application/json')) {
    throw new MemError(
      'validation',
      'Send the new value as JSON: {"value": "..."} with content-type application/json.',
    );
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch (err) {
    throw new MemError('validation', `The request body is not JSON: ${(err as Error).message}.`, {
      cause: err,
    });
  }
  const v = (body as { value?: unknown } | null)?.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new MemError('validation', 'The body must be {"value": "..."}.');
}

/** Allowed values of enumerated settings, for a <select> in the viewer. */
function choicesFor(key: SettingKey): string[] | undefined {
  const def = SETTINGS[key];
  if (typeof def.default === 'boolean') return ['true', 'false'];
  const options = (def as { choices?: unknown }).choices ?? (def.schema as { options?: unknown }).options;
  return Array.isArray(options) && options.every((o) => typeof o === 'string')
    ? options
    : undefined;
}
