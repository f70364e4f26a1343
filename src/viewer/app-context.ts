import type { ProjectsAnswer } from '../contracts';
import { api } from './api';
import type { FeedItem, Project } from './types';
import type { ViewState } from './url-state';
import type { LiveEvent } from './live';

/** What every view receives from the shell: the URL state, navigation, shared lookups and actions. */
export interface AppContext {
  state(): ViewState;
  /** Change the URL (push, or replace for typing) and show the resulting view. */
  navigate(patch: Partial<ViewState>, opts?: { replace?: boolean }): void;
  projects(refresh?: boolean): Promise<Project[]>;
  /** Confirm, delete, and tell every view. Resolves true when the item is gone. */
  forget(item: FeedItem): Promise<boolean>;
  /** A project was deleted: drop its items from every view. */
  forgetProject(project: Project): void;
  /** Subscribe to live events and removals; returns an unsubscribe function. */
  subscribe(listener: AppListener): () => void;
}

export interface AppListener {
  live?(e: LiveEvent): void;
  /** The live stream came back after a gap: refetch the newest page. */
  reopened?(): void;
  removed?(pred: (item: FeedItem) => boolean): void;
}

export interface View {
  /** Render into `root`; called again with a new state when only the query changes. */
  show(root: HTMLElement, ctx: AppContext): void | Promise<void>;
  /** Stop timers and subscriptions. */
  hide(): void;
}

let projectCache: Promise<Project[]> | undefined;

/** The project list, fetched once and shared (forgetting a project refreshes it). */
export function loadProjects(refresh = false): Promise<Project[]> {
  if (refresh || !projectCache) {
    projectCache = api<ProjectsAnswer>('/api/projects').then((body) => body.projects);
    // A failed load is not cached: the next caller tries again. Callers still see the rejection.
    projectCache.catch((err: unknown) => {
      void err;
      projectCache = undefined;
    });
  }
  return projectCache;
}
