// A project's alert settings: its channels, its rules (each testable), and the paging budget, the support
// channel and the weekly digest. Everyone who can read the project sees them; managers change them.

import { Link, useParams } from '@tanstack/react-router';
import { ProjectSubpageHeader, useProjectOfPage } from '../settings/ProjectSubpage.tsx';
import { AlertOptionsPanel } from './AlertOptionsPanel.tsx';
import { ChannelsPanel } from './ChannelsPanel.tsx';
import { RulesPanel } from './RulesPanel.tsx';
import '../../styles/settings.css';
import '../alerts/alerts.css';
import './alert-settings.css';

export function AlertSettingsPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/settings/alerts' });
  const { project, fallback } = useProjectOfPage(param, {
    loading: 'the alert settings',
    title: 'Alert settings',
  });
  if (!project) return fallback;
  const projectId = project.id;
  const canManage = project.capabilities.includes('manage');
  return (
    <div className="page settings-page alert-settings">
      <ProjectSubpageHeader
        project={project}
        crumb="Alerts"
        title="alert rules and channels"
        notice={
          canManage ? null : (
            <p className="notice notice-info">Only the project’s owners and admins change its alerts.</p>
          )
        }
      >
        <a href="#channels">Channels</a>
        <a href="#rules">Rules</a>
        <a href="#alert-options">Budget and digest</a>
        <Link to="/projects/$projectId/alerts" params={{ projectId: param }}>
          Alert history
        </Link>
      </ProjectSubpageHeader>
      <ChannelsPanel projectId={projectId} canManage={canManage} />
      <RulesPanel projectId={projectId} canManage={canManage} />
      <AlertOptionsPanel projectId={projectId} canManage={canManage} />
    </div>
  );
}
