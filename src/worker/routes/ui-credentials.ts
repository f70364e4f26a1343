import {
  clearMovedCredentials,
  credentialChangeRisk,
  CREDENTIAL_KEYS,
  displayCredential,
  loadCredentials,
  writeCredential,
  type CredentialKey,
  type Paths,
} from '../../config';
import { MemError, type CredentialSaved } from '../../contracts';
import type { Context } from 'hono';
import { confirmGate } from './confirm';
import type { AppDeps, RouteModule } from './types';
import { jsonValue, type ConfigLoader } from './ui-settings';

/**
 * Replace (`PUT {"value": …}`) or remove (`DELETE`) one credential in `.env`. The answer says
 * only set / not set with a fingerprint: no route ever returns a secret, not even the one just
 * written. Takes effect when the worker restarts.
 */
export function createUiCredentialsRoutes(override?: ConfigLoader): RouteModule {
  return {
    name: 'ui-credentials',
    mount(app, deps) {
      const load = override ?? deps.loadConfig;
      const answer = (paths: Paths, key: CredentialKey, cleared: CredentialKey[]): CredentialSaved => {
        const value = loadCredentials(paths).credentials[key];
        return {
          key,
          display: displayCredential(key, value),
          set: value !== undefined,
          clearedCredentials: cleared,
          restartRequired: true,
        };
      };
      /**
       * Write one credential: a risky one (a base URL) only with the terminal's confirmation, and
       * any other key that would now reach a new host is removed, to be entered again for it.
       */
      const change = (c: Context, deps: AppDeps, key: CredentialKey, value: string | undefined): Response => {
        const cfg = load();
        const reason = credentialChangeRisk(key, cfg.credentials[key], value);
        if (reason) {
          const display = displayCredential(key, value);
          const refusal = confirmGate(c, deps, { target: 'credential', key, value: value ?? null, display, reason });
          if (refusal) return refusal;
        }
        writeCredential(cfg.paths, key, value);
        const after = { ...cfg.credentials };
        if (value === undefined) delete after[key];
        else after[key] = value;
        const cleared = clearMovedCredentials(cfg.paths, cfg, { settings: cfg.settings, credentials: after });
        return c.json(answer(cfg.paths, key, cleared));
      };

      app.put('/api/credentials/:key', async (c) => {
        const key = credentialKey(c.req.param('key'));
        const value = (await jsonValue(c.req.raw)).trim();
        if (value === '')
          throw new MemError('validation', `${key} cannot be empty; remove it instead.`);
        if (key === 'ANTHROPIC_BASE_URL' && !isHttpUrl(value)) {
          throw new MemError(
            'validation',
            'ANTHROPIC_BASE_URL must be an http(s) URL, e.g. https://gateway.example.com.',
          );
        }
        return change(c, deps, key, value);
      });

      app.delete('/api/credentials/:key', (c) => {
        return change(c, deps, credentialKey(c.req.param('key')), undefined);
      });
    },
  };
}

export const uiCredentialsRoutes: RouteModule = createUiCredentialsRoutes();

function credentialKey(key: string): CredentialKey {
  if (!(CREDENTIAL_KEYS as readonly string[]).includes(key)) {
    throw new MemError('validation', `${key} is not a credential claude-mem reads.`, {
      hint: `Credentials: ${CREDENTIAL_KEYS.join(', ')}.`,
    });
  }
  return key as CredentialKey;
}

function isHttpUrl(v: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch (err) {
    void err; // not a URL at all
    return false;
  }
}
