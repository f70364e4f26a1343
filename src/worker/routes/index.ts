import { confirmRoutes } from './confirm';
import { eventRoutes } from './events';
import { healthRoutes } from './health';
import { loginRoutes } from './login';
import { observationRoutes } from './observations';
import { projectRoutes } from './projects';
import { promptRoutes } from './prompts';
import { statusRoutes } from './status';
import { summaryRoutes } from './summaries';
import type { RouteModule } from './types';
import { uiContextPreviewRoutes } from './ui-context-preview';
import { uiCredentialsRoutes } from './ui-credentials';
import { uiSearchRoutes } from './ui-search';
import { uiSettingsRoutes } from './ui-settings';
import { uiStaticRoutes } from './ui-static';
import { uiStatsRoutes } from './ui-stats';

export type { AppDeps, RouteModule, SearchSetup } from './types';

/**
 * Every route module the worker serves, mounted in this order. Add a feature (search, the viewer's
 * static files) by adding its module here; auth and the Host/Origin guard apply automatically.
 */
export const ROUTES: RouteModule[] = [
  healthRoutes,
  loginRoutes,
  statusRoutes,
  observationRoutes,
  projectRoutes,
  summaryRoutes,
  promptRoutes,
  eventRoutes,
  uiStaticRoutes,
  uiSettingsRoutes,
  uiCredentialsRoutes,
  confirmRoutes,
  uiStatsRoutes,
  uiSearchRoutes,
  uiContextPreviewRoutes,
];
