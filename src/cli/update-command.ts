import { parseArgs } from 'node:util';
import type { Command } from './context';
import { claudeDir, PACKAGE_ROOT } from './install';
import { registeredLink } from './plugin-link';
import {
  installMethodOf,
  marketplaceInstalls,
  UPDATE_STEPS,
  type InstallMethod,
} from './install-method';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/**
 * `claude-mem update`: says how this claude-mem was installed and how each way of installing is
 * updated. It changes nothing: updating is the package manager's job (npm, Claude Code, git),
 * and each of them keeps the registered plugin folder valid (see docs/claude-code.md).
 */
export const updateCommand: Command = {
  name: 'update',
  summary:
    'Show how claude-mem was installed and how to update it (npm, npx, marketplace, checkout).',
  usage: 'claude-mem update [--claude-dir DIR] [--json]',
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: { 'claude-dir': { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const dir = claudeDir(values['claude-dir'], ctx);
    const running = installMethodOf(PACKAGE_ROOT, dir);
    const link = registeredLink(dir);
    const linked = link ? installMethodOf(link.target, dir) : undefined;
    const marketplace = marketplaceInstalls(dir);
    const inUse = new Set<InstallMethod>([running]);
    if (linked) inUse.add(linked);
    if (marketplace.length) inUse.add('marketplace');
    const warnings: string[] = [];
    if (link && !link.targetExists)
      warnings.push(
        `${link.link} points to ${link.target}, which is gone: Claude Code no longer loads claude-mem. Run \`claude-mem install\` again from the claude-mem you use now.`,
      );
    if (link && marketplace.length)
      warnings.push(
        `claude-mem is registered twice (${link.link} and ${marketplace.map((m) => m.id).join(', ')}): every event is recorded twice. Keep one: \`claude-mem uninstall\` or \`claude plugin uninstall <id>\`.`,
      );

    if (values.json === true) {
      ctx.out.json({
        version: VERSION,
        running: { root: PACKAGE_ROOT, method: running },
        ...(link ? { linked: { ...link, method: linked } } : {}),
        marketplace,
        inUse: [...inUse],
        steps: UPDATE_STEPS,
        warnings,
      });
      return 0;
    }
    ctx.out.line(
      `claude-mem ${VERSION}, running from ${PACKAGE_ROOT} (${UPDATE_STEPS[running].label}).`,
    );
    if (link)
      ctx.out.line(
        `Claude Code loads ${link.link} → ${link.target} (${UPDATE_STEPS[linked ?? 'checkout'].label}).`,
      );
    for (const m of marketplace)
      ctx.out.line(
        `Claude Code has ${m.id}${m.version ? ` ${m.version}` : ''} installed from a marketplace.`,
      );
    if (!link && !marketplace.length)
      ctx.out.line('Claude Code does not load claude-mem yet: run `claude-mem install`.');
    ctx.out.line('');
    ctx.out.line('How to update, for each way of installing:');
    for (const [method, { label, steps }] of Object.entries(UPDATE_STEPS) as Array<
      [InstallMethod, (typeof UPDATE_STEPS)[InstallMethod]]
    >)
      ctx.out.line(`${inUse.has(method) ? '* (in use) ' : '  '}${label}: ${steps}`);
    for (const w of warnings) ctx.out.warn(w);
    return 0;
  },
};
