// The frame around every signed-in page: the top bar (home, settings, who is signed in with their
// menu, log out) and a skip link.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { api, ok, setCsrfToken } from '../api/client.ts';
import { meQuery, projectsQuery } from '../api/queries.ts';
import { TriageNavEntry } from './triage/TriageNavEntry.tsx';

export function AppShell() {
  const { data: me } = useQuery(meQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      setCsrfToken(null);
      queryClient.clear();
      await navigate({ to: '/login', search: {} });
    },
  });
  const who = me?.user?.email ?? (me?.via === 'token' ? 'API token' : '');
  const { data: projects } = useQuery(projectsQuery);
  const canLookup = projects?.some((p) => p.capabilities.includes('lookup')) ?? false;
  // On a project's pages, a link to that project's settings.
  const { projectId } = useParams({ strict: false });
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          {/* Narrow screens show the mark alone; the name stays the link's accessible name. */}
          <span className="brand-name">Vigie</span>
        </Link>
        <nav aria-label="Main" className="topnav">
          <Link to="/" activeOptions={{ exact: true }}>
            Projects
          </Link>
          {canLookup ? (
            <Link to="/customers" search={{}}>
              Customers
            </Link>
          ) : null}
          <TriageNavEntry />
          {/* On narrow screens the account menu holds these. */}
          {projectId === undefined ? (
            <Link to="/settings" className="wide-only">
              Settings
            </Link>
          ) : (
            <Link to="/projects/$projectId/settings" params={{ projectId }} className="wide-only">
              Project settings
            </Link>
          )}
        </nav>
        <div className="topbar-user">
          <UserMenu
            who={who}
            isAdmin={me?.isAdmin ?? false}
            projectId={projectId}
            onLogout={() => logout.mutate()}
            loggingOut={logout.isPending}
          />
          {/* On narrow screens the account menu holds it, so that the main links keep their room. */}
          <button
            type="button"
            className="button button-quiet wide-only"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/**
 * Who is signed in, opening their links: account, (the project's) settings, teams, and users for administrators. A
 * disclosure (details/summary) rather than an ARIA menu: plain links, keyboard-ready, no script to load.
 */
function UserMenu({
  who,
  isAdmin,
  projectId,
  onLogout,
  loggingOut,
}: {
  who: string;
  isAdmin: boolean;
  projectId: string | undefined;
  onLogout: () => void;
  loggingOut: boolean;
}) {
  const details = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  // Closed again once a link was followed.
  useEffect(() => {
    if (details.current && pathname) details.current.open = false;
  }, [pathname]);
  return (
    <details className="user-menu" ref={details}>
      <summary className="button button-quiet">
        <span className="topbar-email">{who}</span>
        <span className="user-menu-short">Account</span>
      </summary>
      <nav aria-label="Account" className="user-menu-links popover">
        <Link to="/account">Your account</Link>
        {projectId === undefined ? null : (
          <Link to="/projects/$projectId/settings" params={{ projectId }}>
            Project settings
          </Link>
        )}
        <Link to="/settings" activeOptions={{ exact: true }}>
          Settings
        </Link>
        <Link to="/settings/teams">Teams</Link>
        {isAdmin ? <Link to="/admin/users">Users</Link> : null}
        <button
          type="button"
          className="narrow-only user-menu-logout"
          onClick={onLogout}
          disabled={loggingOut}
        >
          Log out
        </button>
      </nav>
    </details>
  );
}
