import type { Context } from 'hono';
import type { ConfirmationCode, ConfirmationRequired } from '../../contracts';
import { CONFIRM_TTL_MS, type PendingChange } from '../confirmations';
import { errorResponse } from '../http-errors';
import type { AppDeps, RouteModule } from './types';

/** The header that carries a confirmation code with the change it confirms. */
export const CONFIRM_HEADER = 'x-claude-mem-confirm';

/**
 * `POST /api/confirmations`: the terminal (`claude-mem confirm`, install token only, never a
 * viewer cookie) gets a one-time code for the risky change the viewer is waiting on.
 */
export const confirmRoutes: RouteModule = {
  name: 'confirm',
  mount(app, deps) {
    app.post('/api/confirmations', (c) => {
      if (c.get('authBy') !== 'token') {
        return errorResponse(
          c,
          'forbidden',
          'Confirmation codes are only given to the terminal.',
          'Run `claude-mem confirm` in a terminal.',
        );
      }
      const issued = deps.confirmations.issue();
      if (!issued) {
        return errorResponse(
          c,
          'not_found',
          'No change is waiting for confirmation.',
          'Make the change in the viewer first; it then asks for a code from `claude-mem confirm`.',
        );
      }
      return c.json({ ...issued, ttlSeconds: CONFIRM_TTL_MS / 1000 } satisfies ConfirmationCode);
    });
  },
};

/**
 * Let a risky change through, or answer why not. The install token is the terminal and needs no
 * code; a viewer session needs the code `claude-mem confirm` printed for exactly this change.
 */
export function confirmGate(c: Context, deps: AppDeps, change: PendingChange): Response | undefined {
  if (c.get('authBy') === 'token') return undefined;
  const code = c.req.header(CONFIRM_HEADER);
  if (code === undefined || code.trim() === '') {
    deps.confirmations.ask(change);
    return c.json(
      {
        error: {
          kind: 'confirmation_required',
          message: `This change needs your confirmation from a terminal: ${change.reason}.`,
          hint: 'Run `claude-mem confirm` in a terminal and enter the code it prints.',
        },
        confirmation: { target: change.target, key: change.key, display: change.display, reason: change.reason },
      } satisfies ConfirmationRequired,
      428,
    );
  }
  const outcome = deps.confirmations.check(code, change);
  switch (outcome) {
    case 'ok':
      return undefined;
    case 'wrong':
      return errorResponse(
        c,
        'forbidden',
        `That confirmation code is not right (${deps.confirmations.attemptsLeft()} tries left).`,
        'Type the code exactly as `claude-mem confirm` printed it.',
      );
    case 'locked':
      return errorResponse(c, 'too_many', 'Too many wrong confirmation codes; the code is void.', 'Run `claude-mem confirm` again for a new one.');
    case 'expired':
      return errorResponse(c, 'forbidden', 'That confirmation code has expired.', 'Run `claude-mem confirm` again for a new one.');
    case 'mismatch':
      return errorResponse(
        c,
        'forbidden',
        'That code confirms a different change; it is now used up.',
        'Save the change again and run `claude-mem confirm` for it.',
      );
    default: {
      const never: never = outcome;
      return never;
    }
  }
}
