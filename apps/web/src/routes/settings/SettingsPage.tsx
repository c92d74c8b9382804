// Where every setting is: the signed-in person's account, each project's settings, teams, and (for
// instance administrators) the accounts of everyone.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { meQuery, projectsQuery } from '../../api/queries.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { roleName } from './roles.ts';
import '../../styles/settings.css';

export function SettingsPage() {
  const { data: me } = useQuery(meQuery);
  const projects = useQuery(projectsQuery);
  return (
    <div className="page settings-page">
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="projects-settings-title">
        <h2 id="projects-settings-title">Projects</h2>
        <p className="muted">DSN keys and SDK setup, members and roles, the GitHub integration.</p>
        {projects.isPending ? <Loading what="projects" /> : null}
        {projects.isError ? <ErrorNotice error={projects.error} /> : null}
        <ul className="settings-links">
          {projects.data?.map((p) => (
            <li key={p.id}>
              <Link to="/projects/$projectId/settings" params={{ projectId: String(p.id) }}>
                {p.name}
              </Link>
              <span className="muted small">
                {roleName(p.role)}
                {p.capabilities.includes('manage') ? '' : ' (read only)'}
              </span>
            </li>
          ))}
        </ul>
        {projects.data?.length === 0 ? <p className="muted">You have no role on any project yet.</p> : null}
      </section>
      <section className="panel" aria-labelledby="people-settings-title">
        <h2 id="people-settings-title">People</h2>
        <ul className="settings-links">
          <li>
            <Link to="/account">Your account</Link>
            <span className="muted small">password and API tokens</span>
          </li>
          <li>
            <Link to="/settings/teams">Teams</Link>
            <span className="muted small">groups of people that get a role on a project together</span>
          </li>
          {me?.isAdmin ? (
            <li>
              <Link to="/admin/users">Users</Link>
              <span className="muted small">everyone’s accounts; create one for a colleague</span>
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
