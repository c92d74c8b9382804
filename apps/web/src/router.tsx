// The dashboard's pages and their URLs. Everything but login and setup needs a session: the layout
// route checks it once and sends a signed-out person to the login page, then back where they were.

import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { isUnauthenticated } from './api/client.ts';
import { meQuery } from './api/queries.ts';
import { AppShell } from './routes/AppShell.tsx';
import { validateIssueSearch } from './routes/issue/issue-search.ts';
import { validateStreamSearch } from './routes/issues/stream-search.ts';
import { LoginPage } from './routes/login/LoginPage.tsx';
import { NotFoundPage } from './routes/NotFoundPage.tsx';
import { ProjectsPage } from './routes/projects/ProjectsPage.tsx';
import { SetupPage } from './routes/setup/SetupPage.tsx';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' && search.redirect.startsWith('/')
      ? { redirect: search.redirect }
      : {},
  component: LoginPage,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup/$token',
  component: SetupPage,
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (error) {
      if (isUnauthenticated(error)) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw error;
    }
  },
  component: AppShell,
});

const projectsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  component: ProjectsPage,
});

export const streamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/issues',
  validateSearch: validateStreamSearch,
  component: lazyRouteComponent(() => import('./routes/issues/IssueStreamPage.tsx'), 'IssueStreamPage'),
});

export const issueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/issues/$issueId',
  validateSearch: validateIssueSearch,
  component: lazyRouteComponent(() => import('./routes/issue/IssuePage.tsx'), 'IssuePage'),
});

const customersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers',
  validateSearch: (search: Record<string, unknown>): { query?: string } =>
    typeof search.query === 'string' && search.query !== '' ? { query: search.query } : {},
  component: lazyRouteComponent(() => import('./routes/customers/CustomersPage.tsx'), 'CustomersPage'),
});

const customerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/customers/$key',
  component: lazyRouteComponent(() => import('./routes/customers/CustomerPage.tsx'), 'CustomerPage'),
});

const triageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/triage',
  validateSearch: (search: Record<string, unknown>): { week?: string } =>
    typeof search.week === 'string' && /^\d{4}-W\d{2}$/.test(search.week) ? { week: search.week } : {},
  component: lazyRouteComponent(() => import('./routes/triage/TriagePage.tsx'), 'TriagePage'),
});

// Settings: a project's keys, members and GitHub; the hub, teams, the account, and (admins) accounts.
const projectSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/settings',
  component: lazyRouteComponent(
    () => import('./routes/settings/ProjectSettingsPage.tsx'),
    'ProjectSettingsPage',
  ),
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./routes/settings/SettingsPage.tsx'), 'SettingsPage'),
});
const teamsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings/teams',
  component: lazyRouteComponent(() => import('./routes/settings/TeamsPage.tsx'), 'TeamsPage'),
});
const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./routes/account/AccountPage.tsx'), 'AccountPage'),
});
const usersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/users',
  component: lazyRouteComponent(() => import('./routes/admin/UsersPage.tsx'), 'UsersPage'),
});
const settingsRoutes = [projectSettingsRoute, settingsRoute, teamsRoute, accountRoute, usersRoute] as const;

const alertsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/alerts',
  component: lazyRouteComponent(() => import('./routes/alerts/AlertsPage.tsx'), 'AlertsPage'),
});

const alertSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/settings/alerts',
  component: lazyRouteComponent(
    () => import('./routes/alert-settings/AlertSettingsPage.tsx'),
    'AlertSettingsPage',
  ),
});

// Content Security Policy: the builder, and the reporting setup in the project's settings.
const cspRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/csp',
  component: lazyRouteComponent(() => import('./routes/csp/CspPage.tsx'), 'CspPage'),
});
const cspSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/settings/csp',
  component: lazyRouteComponent(() => import('./routes/csp/CspSettingsPage.tsx'), 'CspSettingsPage'),
});

// Releases: their health, deploys and the gate's verdicts; one release beside the one before it.
type ReleasesSearch = { period?: '24h' | '7d' | '30d' };
const validateReleasesSearch = (search: Record<string, unknown>): ReleasesSearch =>
  search.period === '24h' || search.period === '7d' || search.period === '30d'
    ? { period: search.period }
    : {};
const releasesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/releases',
  validateSearch: validateReleasesSearch,
  component: lazyRouteComponent(() => import('./routes/releases/ReleasesPage.tsx'), 'ReleasesPage'),
});
const releaseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/projects/$projectId/releases/$version',
  validateSearch: validateReleasesSearch,
  component: lazyRouteComponent(() => import('./routes/releases/ReleasePage.tsx'), 'ReleasePage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  setupRoute,
  appRoute.addChildren([
    projectsRoute,
    streamRoute,
    issueRoute,
    customersRoute,
    customerRoute,
    triageRoute,
    ...settingsRoutes,
    alertsRoute,
    alertSettingsRoute,
    cspRoute,
    cspSettingsRoute,
    releasesRoute,
    releaseRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
