import { api } from '../api';
import type { AppContext, View } from '../app-context';
import { h, mount } from '../dom';
import { confirmDialog, notify } from '../ui/dialog';
import { formatNumber, formatTime } from '../ui/format';
import type { Project } from '../types';

/** Every project with its count; open one in the feed, or forget it entirely. */
export class ProjectsView implements View {
  async show(root: HTMLElement, ctx: AppContext): Promise<void> {
    const list = h('ul', { class: 'project-list', id: 'project-list' });
    const status = h('p', { class: 'feed-status', role: 'status' }, 'Loading…');
    mount(root, h('div', { class: 'view-head' }, h('h1', {}, 'Projects')), status, list);
    try {
      const projects = await ctx.projects(true);
      status.textContent = projects.length ? '' : 'No projects yet.';
      mount(
        list,
        projects.map((p) => this.row(p, ctx, () => void this.show(root, ctx))),
      );
    } catch (err) {
      status.textContent = `Could not load projects: ${(err as Error).message}`;
    }
  }

  hide(): void {}

  private row(p: Project, ctx: AppContext, refresh: () => void): HTMLElement {
    const count = p.observations ?? 0;
    return h(
      'li',
      { class: 'project-row', 'data-project-id': p.id },
      h(
        'div',
        { class: 'project-info' },
        h(
          'a',
          {
            href: `?project=${encodeURIComponent(p.name)}`,
            onclick: (ev) => {
              ev.preventDefault();
              ctx.navigate({ view: 'feed', project: p.name, type: '', q: '' });
            },
          },
          p.name,
        ),
        h(
          'span',
          { class: 'muted' },
          `${formatNumber(count)} observation${count === 1 ? '' : 's'}`,
        ),
        h('code', { class: 'muted root' }, p.root),
        p.createdAt ? h('span', { class: 'muted' }, `since ${formatTime(p.createdAt)}`) : null,
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-quiet btn-danger',
          'aria-label': `Forget project ${p.name}`,
          onclick: async () => {
            const ok = await confirmDialog({
              title: `Forget project “${p.name}”?`,
              body: `This deletes its ${formatNumber(count)} observation${count === 1 ? '' : 's'}, summaries, prompts and queued events from ${p.root}. It cannot be undone.`,
              confirm: 'Forget project',
            });
            if (!ok) return;
            try {
              await api(`/api/projects/${p.id}`, { method: 'DELETE' });
              await ctx.projects(true);
              ctx.forgetProject(p);
              notify(`Forgot project ${p.name}.`);
              refresh();
            } catch (err) {
              notify(`Could not forget ${p.name}: ${(err as Error).message}`, 'error');
            }
          },
        },
        'Forget project',
      ),
    );
  }
}
