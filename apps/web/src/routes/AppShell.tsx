// The frame around every signed-in page: the top bar (home, who is signed in, log out) and a skip link.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
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
        </nav>
        <div className="topbar-user">
          <span className="topbar-email" title={who}>
            {who}
          </span>
          <button
            type="button"
            className="button button-quiet"
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
