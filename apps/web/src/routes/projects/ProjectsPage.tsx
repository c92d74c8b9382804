// The projects the signed-in person can see: each with its events over the last 24 hours (and the
// deploys in them), its unresolved and new issues, and links into its stream. Two requests: GET
// /projects?stats=24h, then every project's deploys of those 24 hours (GET /deploys).

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ProjectDeploy, useDeployMarks } from '../../api/deploy-queries.ts';
import { projectsWithStatsQuery } from '../../api/stream-queries.ts';
import type { ResponseOf } from '../../api/types.ts';
import { type PlacedDeploy, placeDeploys, sparkSpan, type TimeSpan } from '../../ui/deploy-marks.ts';
import { exactTime, formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { Sparkline } from '../../ui/Sparkline.tsx';
import { INBOX_QUERY, UNRESOLVED_QUERY } from '../issues/stream-search.ts';
import { DsnSnippet } from './DsnSnippet.tsx';
import './projects.css';

type ProjectWithStats = ResponseOf<'/api/v1/projects', 'get'>['projects'][number];

export function ProjectsPage() {
  const projects = useQuery(projectsWithStatsQuery);
  // Every project's sparkline covers the same 24 hours: one request for all their deploys.
  const list = projects.data ?? [];
  const first = list.find((p) => p.stats)?.stats;
  const span = first ? sparkSpan(first.events) : null;
  const deploys = useDeployMarks(
    list.map((p) => p.id),
    span,
  );
  return (
    <div className="page">
      <h1>Projects</h1>
      {projects.isPending ? <Loading what="projects" /> : null}
      {projects.isError ? <ErrorNotice error={projects.error} /> : null}
      {projects.data?.length === 0 ? (
        <p className="empty">
          You are not a member of any project yet. Ask an owner of a project to add you, or create one with{' '}
          <code>vigie project create "Web shop"</code>.
        </p>
      ) : null}
      <ul className="project-list">
        {projects.data?.map((project) => (
          <ProjectCard
            key={project.id}
            project={project}
            deploys={deploys.filter((d) => d.projectId === project.id)}
            span={span}
          />
        ))}
      </ul>
    </div>
  );
}

function ProjectCard({
  project,
  deploys,
  span,
}: {
  project: ProjectWithStats;
  /** The project's deploys, newest first. */
  deploys: readonly ProjectDeploy[];
  span: TimeSpan | null;
}) {
  const projectId = String(project.id);
  const stats = project.stats;
  const placed = span ? placeDeploys(deploys, span) : [];
  const events = stats?.events.counts.reduce((sum, n) => sum + n, 0) ?? 0;
  const quiet = stats !== undefined && events === 0 && stats.unresolved === 0;
  return (
    <li className="card project-card">
      <div className="project-head">
        <h2>
          <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: INBOX_QUERY }}>
            {project.name}
          </Link>
        </h2>
        <span className="muted mono small">{project.slug}</span>
        <span className="muted small project-role">{project.role}</span>
      </div>
      {stats ? (
        <div className="project-stats">
          <div className="project-graph">
            <Sparkline counts={stats.events.counts} period="24h" deploys={placed} />
            <span className="small muted">
              <span className="tabular">{formatCount(events)}</span> events · 24 h
            </span>
            {placed.length > 0 ? <LastDeploy projectId={projectId} placed={placed} /> : null}
          </div>
          <dl className="project-figures">
            <div>
              <dt>Unresolved</dt>
              <dd>
                <Link
                  to="/projects/$projectId/issues"
                  params={{ projectId }}
                  search={{ query: UNRESOLVED_QUERY }}
                  aria-label={`${stats.unresolved} unresolved issues`}
                >
                  {formatCount(stats.unresolved)}
                </Link>
              </dd>
            </div>
            <div title="Unresolved issues first seen in the last 7 days">
              <dt>New</dt>
              <dd className={stats.new > 0 ? 'figure-new' : undefined}>{formatCount(stats.new)}</dd>
            </div>
          </dl>
        </div>
      ) : null}
      <nav aria-label={`${project.name} views`} className="project-links">
        <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: INBOX_QUERY }}>
          Inbox
        </Link>
        <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: UNRESOLVED_QUERY }}>
          Unresolved issues
        </Link>
        <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: '' }}>
          All issues
        </Link>
        <Link to="/projects/$projectId/alerts" params={{ projectId }}>
          Alerts
        </Link>
        <Link to="/projects/$projectId/csp" params={{ projectId }}>
          CSP
        </Link>
        <Link to="/projects/$projectId/releases" params={{ projectId }}>
          Releases
        </Link>
      </nav>
      {quiet ? (
        <div className="project-quiet">
          <p className="small muted">No events in the last 24 hours. To send some, give an SDK this DSN:</p>
          <DsnSnippet projectId={project.id} compact />
        </div>
      ) : null}
    </li>
  );
}

/** The latest deploy of the sparkline's 24 hours, a link to its release; how many there were besides. */
function LastDeploy({
  projectId,
  placed,
}: {
  projectId: string;
  placed: ReadonlyArray<PlacedDeploy<ProjectDeploy>>;
}) {
  const last = placed[placed.length - 1]!.deploy;
  const others = placed.length - 1;
  return (
    <span className="small muted project-deploy">
      <span aria-hidden="true">▲ </span>
      <Link
        to="/projects/$projectId/releases/$version"
        params={{ projectId, version: last.release }}
        className="mono project-deploy-release"
        title={`Deployed to ${last.environment} ${exactTime(last.finishedAt)}`}
      >
        {last.release}
      </Link>{' '}
      to {last.environment}, <RelativeTime iso={last.finishedAt} />
      {others > 0 ? ` (+${others} more)` : ''}
    </span>
  );
}
