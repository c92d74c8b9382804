// A project's alert settings: its channels, its rules (each testable), and the paging budget, the support
// channel and the weekly digest. Everyone who can read the project sees them; managers change them.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { projectsQuery } from '../../api/queries.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { AlertOptionsPanel } from './AlertOptionsPanel.tsx';
import { ChannelsPanel } from './ChannelsPanel.tsx';
import { RulesPanel } from './RulesPanel.tsx';
import '../../styles/settings.css';
import '../alerts/alerts.css';
import './alert-settings.css';

export function AlertSettingsPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/settings/alerts' });
  const projectId = Number(param);
  const projects = useQuery(projectsQuery);
  const project = projects.data?.find((p) => p.id === projectId);
  if (projects.isPending) return <Loading what="the alert settings" />;
  if (projects.isError) return <ErrorNotice error={projects.error} />;
  if (!project) {
    return (
      <div className="page">
        <h1>Alert settings</h1>
        <p className="notice notice-error" role="alert">
          Project {param} does not exist, or you do not have access to it.
        </p>
      </div>
    );
  }
  const canManage = project.capabilities.includes('manage');
  return (
    <div className="page settings-page alert-settings">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/projects/$projectId/settings" params={{ projectId: param }}>
          {project.name}
        </Link>{' '}
        <span aria-hidden="true">/</span> <span>Alerts</span>
      </nav>
      <h1>{project.name}: alert rules and channels</h1>
      {canManage ? null : (
        <p className="notice notice-info">Only the project’s owners and admins change its alerts.</p>
      )}
      <nav aria-label="Sections" className="section-links">
        <a href="#channels">Channels</a>
        <a href="#rules">Rules</a>
        <a href="#alert-options">Budget and digest</a>
        <Link to="/projects/$projectId/alerts" params={{ projectId: param }}>
          Alert history
        </Link>
      </nav>
      <ChannelsPanel projectId={projectId} canManage={canManage} />
      <RulesPanel projectId={projectId} canManage={canManage} />
      <AlertOptionsPanel projectId={projectId} canManage={canManage} />
    </div>
  );
}
