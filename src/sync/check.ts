import type { TeamClient, TeamHealth, TeamProblem } from './client';

/** Clocks further apart than this make teammates' notes sort wrongly by date: worth a warning. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface ServerCheck {
  health?: TeamHealth;
  /** Server clock minus ours (ms), from the HTTP Date header (1 s resolution). */
  skewMs?: number;
  /** Everything wrong, each with its fix; empty when the server answers, speaks our API and takes the key. */
  problems: TeamProblem[];
}

/**
 * What `team status` asks the server live: is it there, does it speak our API version, does it
 * take our key, and is its clock close to ours.
 */
export async function checkServer(client: TeamClient, now: () => Date): Promise<ServerCheck> {
  const sentAt = now().getTime();
  const health = await client.health();
  if (!health.ok) return { problems: [health.problem] };
  const out: ServerCheck = { health: health.value, problems: [] };
  if (health.serverDate !== undefined) {
    // The Date header is rounded down to the second: compare with the middle of the round trip.
    const local = (sentAt + now().getTime()) / 2;
    out.skewMs = health.serverDate + 500 - local;
    if (Math.abs(out.skewMs) > MAX_CLOCK_SKEW_MS) {
      out.problems.push({
        kind: 'clock_skew',
        message: `This machine's clock is ${formatSkew(out.skewMs)} the team server's.`,
        hint: 'Turn on network time (timedatectl set-ntp true, or your OS settings): records are dated by the clock of the machine that made them.',
      });
    }
  }
  const key = await client.checkKey();
  if (!key.ok) out.problems.push(key.problem);
  return out;
}

function formatSkew(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'} ${ms > 0 ? 'behind' : 'ahead of'}`;
}
