// What the pages below a project's settings share: the project their route names (or what to show while
// it loads, when loading fails, or when there is no such project) and their header: the breadcrumb back
// to the settings, the title, and the links to the page's sections.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactElement, ReactNode } from 'react';
import { projectsQuery } from '../../api/queries.ts';
import type { Project } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';

export type ProjectOfPage =
  | { project: Project; fallback?: undefined }
  | { project?: undefined; fallback: ReactElement };

/** The project `param` names; until there is one, `fallback` is what the page shows. */
export function useProjectOfPage(param: string, page: { loading: string; title: string }): ProjectOfPage {
  const projects = useQuery(projectsQuery);
  const project = projects.data?.find((p) => p.id === Number(param));
  if (project) return { project };
  if (projects.isPending) return { fallback: <Loading what={page.loading} /> };
  if (projects.isError) return { fallback: <ErrorNotice error={projects.error} /> };
  return {
    fallback: (
      <div className="page">
        <h1>{page.title}</h1>
        <p className="notice notice-error" role="alert">
          Project {param} does not exist, or you do not have access to it.
        </p>
      </div>
    ),
  };
}

interface HeaderProps {
  project: Project;
  /** The page's name in the breadcrumb. */
  crumb: string;
  /** The title after the project's name. */
  title: string;
  /** What the reader should know first (that they cannot change what the page shows, say). */
  notice?: ReactNode;
  /** The links to the page's sections (and to its neighbours). */
  children: ReactNode;
}

export function ProjectSubpageHeader({ project, crumb, title, notice, children }: HeaderProps) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/projects/$projectId/settings" params={{ projectId: String(project.id) }}>
          {project.name}
        </Link>{' '}
        <span aria-hidden="true">/</span> <span>{crumb}</span>
      </nav>
      <h1>
        {project.name}: {title}
      </h1>
      {notice}
      <nav aria-label="Sections" className="section-links">
        {children}
      </nav>
    </>
  );
}
