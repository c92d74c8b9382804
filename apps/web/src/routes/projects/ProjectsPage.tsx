// The projects the signed-in person can see, each with its inbox, its issues and its DSN.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { projectsQuery } from '../../api/queries.ts';
import type { Project } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { INBOX_QUERY, UNRESOLVED_QUERY } from '../issues/stream-search.ts';
import { DsnSnippet } from './DsnSnippet.tsx';

export function ProjectsPage() {
  const projects = useQuery(projectsQuery);
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
          <ProjectCard key={project.id} project={project} />
        ))}
      </ul>
    </div>
  );
}

function ProjectCard({ project }: { project: Project }) {
  const projectId = String(project.id);
  return (
    <li className="card project-card">
      <div className="project-head">
        <h2>
          <Link to="/projects/$projectId/issues" params={{ projectId }} search={{ query: INBOX_QUERY }}>
            {project.name}
          </Link>
        </h2>
        <span className="muted mono small">{project.slug}</span>
        <span className="muted small">
          created <RelativeTime iso={project.createdAt} />
        </span>
      </div>
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
      </nav>
      <DsnSnippet projectId={project.id} compact />
    </li>
  );
}
