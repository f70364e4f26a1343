import {
  CREDENTIAL_KEYS,
  displayCredential,
  loadCredentials,
  writeCredential,
  type CredentialKey,
  type Paths,
} from '../../config';
import { MemError } from '../../contracts';
import type { RouteModule } from './types';
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
      const answer = (paths: Paths, key: CredentialKey) => {
        const value = loadCredentials(paths).credentials[key];
        return {
          key,
          display: displayCredential(key, value),
          set: value !== undefined,
          restartRequired: true,
        };
      };
      const paths = () => load().paths;

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
        const p = paths();
        writeCredential(p, key, value);
        return c.json(answer(p, key));
      });

      app.delete('/api/credentials/:key', (c) => {
        const key = credentialKey(c.req.param('key'));
        const p = paths();
        writeCredential(p, key, undefined);
        return c.json(answer(p, key));
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
