// A project's settings: its DSN keys and SDK setup, its members and their roles, its GitHub
// integration, its ownership rules. Everyone who can read the project sees them; only managers (owners, admins) get the
// controls, and the others are told so.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { projectsQuery } from '../../api/queries.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { INBOX_QUERY } from '../issues/stream-search.ts';
import { GithubPanel } from './GithubPanel.tsx';
import { KeysPanel } from './KeysPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { OwnershipSection } from './OwnershipSection.tsx';
import { roleName } from './roles.ts';
import '../../styles/settings.css';

export function ProjectSettingsPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/settings' });
  const projectId = Number(param);
  const projects = useQuery(projectsQuery);
  const project = projects.data?.find((p) => p.id === projectId);

  if (projects.isPending) return <Loading what="the project's settings" />;
  if (projects.isError) return <ErrorNotice error={projects.error} />;
  if (!project) {
    return (
      <div className="page">
        <h1>Project settings</h1>
        <p className="notice notice-error" role="alert">
          Project {param} does not exist, or you do not have access to it.
        </p>
        <Link to="/settings">All settings</Link>
      </div>
    );
  }
  const canManage = project.capabilities.includes('manage');
  return (
    <div className="page settings-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span> <span>{project.name}</span>
      </nav>
      <h1>{project.name}: settings</h1>
      {canManage ? null : (
        <p className="notice notice-info">
          You are <strong>{roleName(project.role)}</strong> on this project: you can see its keys and its
          GitHub integration, but only its owners and admins change them.
        </p>
      )}
      <nav aria-label="Sections" className="section-links">
        <a href="#keys">DSN keys</a>
        <a href="#members">Members</a>
        <a href="#github">GitHub</a>
        <a href="#ownership">Ownership</a>
        <Link to="/projects/$projectId/settings/alerts" params={{ projectId: param }}>
          Alerts
        </Link>
        <Link to="/projects/$projectId/settings/csp" params={{ projectId: param }}>
          CSP reporting
        </Link>
        <Link to="/projects/$projectId/issues" params={{ projectId: param }} search={{ query: INBOX_QUERY }}>
          Issues
        </Link>
      </nav>
      <KeysPanel projectId={projectId} canManage={canManage} />
      <MembersPanel projectId={projectId} canManage={canManage} myRole={project.role} />
      <GithubPanel projectId={projectId} canManage={canManage} />
      <OwnershipSection projectId={projectId} canManage={canManage} />
    </div>
  );
}
