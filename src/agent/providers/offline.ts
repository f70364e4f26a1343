import type { Provider } from './types';

/**
 * The provider that sends nothing anywhere. The agent never calls it for text: with `offline`
 * every batch is kept raw (deterministic observations built from the events). It exists so the
 * provider table is complete and a stray call fails loudly instead of reaching a network.
 */
export function offlineProvider(): Provider {
  return {
    name: 'offline',
    model: 'offline',
    baseUrlHost: '',
    async call() {
      return {
        ok: false,
        kind: 'bad_request',
        message: 'the offline provider makes no model calls',
      };
    },
  };
}
