// A project's Content Security Policy builder: the published policy, what browsers reported against it,
// the proposed next policy with each source's evidence, a draft edited by hand with the evaluator's
// findings and the 7-day replay shown live, publishing (report-only, enforced, or both to roll forward),
// the versions, and exports in the generator's formats.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { projectKeysQuery, projectsQuery } from '../../api/queries.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { type BuilderMode, cspProposalQuery, cspReportsQuery } from './csp-queries.ts';
import { DraftPanel } from './DraftPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { reportEndpointOf } from './endpoint.ts';
import { ProposalPanel } from './ProposalPanel.tsx';
import { PublishedPanel } from './PublishedPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import { ViolationsPanel } from './ViolationsPanel.tsx';
import '../../styles/settings.css';
import './csp.css';

export function CspPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/csp' });
  const projectId = Number(param);
  const projects = useQuery(projectsQuery);
  const project = projects.data?.find((p) => p.id === projectId);
  const [mode, setMode] = useState<BuilderMode>('allowlist');
  const [draft, setDraft] = useState<string | null>(null);
  const reports = useQuery({ ...cspReportsQuery(projectId), enabled: project !== undefined });
  const proposal = useQuery({ ...cspProposalQuery(projectId, mode), enabled: project !== undefined });
  const keys = useQuery({ ...projectKeysQuery(projectId), enabled: project !== undefined });
  const key = keys.data?.find((k) => k.revokedAt === null);
  const endpoint = key ? reportEndpointOf(key, projectId) : undefined;

  // The draft starts as the proposal, until the user edits it.
  useEffect(() => {
    if (draft === null && proposal.data) setDraft(proposal.data.policy);
  }, [draft, proposal.data]);

  if (projects.isPending) return <Loading what="the policy builder" />;
  if (projects.isError) return <ErrorNotice error={projects.error} />;
  if (!project) {
    return (
      <div className="page">
        <h1>Content Security Policy</h1>
        <p className="notice notice-error" role="alert">
          Project {param} does not exist, or you do not have access to it.
        </p>
      </div>
    );
  }
  const canManage = project.capabilities.includes('manage');
  const canDecide = project.capabilities.includes('triage');
  const current = reports.data?.current ?? null;
  return (
    <div className="page settings-page csp-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/">Projects</Link> <span aria-hidden="true">/</span> <span>{project.name}</span>
      </nav>
      <h1>{project.name}: Content Security Policy</h1>
      <nav aria-label="Sections" className="section-links">
        <a href="#published">Published</a>
        <a href="#violations">Violations</a>
        <a href="#proposal">Proposal</a>
        <a href="#draft">Draft</a>
        <a href="#versions">Versions</a>
        <a href="#export">Export</a>
        <Link to="/projects/$projectId/settings/csp" params={{ projectId: param }}>
          Set up reporting
        </Link>
      </nav>
      {reports.isError ? <ErrorNotice error={reports.error} /> : null}
      <PublishedPanel current={current} projectId={projectId} />
      <ViolationsPanel projectId={projectId} summary={reports.data} />
      <ProposalPanel
        projectId={projectId}
        mode={mode}
        onMode={setMode}
        proposal={proposal}
        canDecide={canDecide}
        onUseAsDraft={(policy) => setDraft(policy)}
      />
      <DraftPanel
        projectId={projectId}
        draft={draft ?? ''}
        onDraft={setDraft}
        reportingEndpoints={current?.reportingEndpoints ?? endpoint?.reportingEndpoints ?? null}
      />
      <VersionsPanel
        projectId={projectId}
        draft={draft ?? ''}
        current={current}
        canManage={canManage}
        defaultEndpoints={current?.reportingEndpoints ?? endpoint?.reportingEndpoints ?? ''}
        onUseAsDraft={(policy) => setDraft(policy)}
      />
      <ExportPanel projectId={projectId} draft={draft ?? ''} />
    </div>
  );
}
