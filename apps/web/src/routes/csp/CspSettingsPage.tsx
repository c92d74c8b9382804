// Setting up CSP reporting for a project: the exact header lines to paste (report-only policy, Reporting-
// Endpoints, report-uri and report-to), the endpoints for each DSN key (Vigie's and Sentry's spelling), and
// the @vigie/csp middleware option that fetches the published policy instead.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { projectKeysQuery, projectsQuery } from '../../api/queries.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { ErrorNotice, Loading, SkeletonRows } from '../../ui/notices.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { reportEndpointOf, starterPolicy } from './endpoint.ts';
import { middlewareSnippet } from './middleware-snippet.ts';
import '../../styles/settings.css';
import './csp.css';

export function CspSettingsPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/settings/csp' });
  const projectId = Number(param);
  const projects = useQuery(projectsQuery);
  const project = projects.data?.find((p) => p.id === projectId);
  const keys = useQuery({ ...projectKeysQuery(projectId), enabled: project !== undefined });
  const [chosen, setChosen] = useState<number | null>(null);
  if (projects.isPending) return <Loading what="the CSP settings" />;
  if (projects.isError) return <ErrorNotice error={projects.error} />;
  if (!project) {
    return (
      <div className="page">
        <h1>CSP reporting</h1>
        <p className="notice notice-error" role="alert">
          Project {param} does not exist, or you do not have access to it.
        </p>
      </div>
    );
  }
  const active = keys.data?.filter((k) => k.revokedAt === null) ?? [];
  const key = active.find((k) => k.id === chosen) ?? active[0];
  const endpoint = key ? reportEndpointOf(key, projectId) : undefined;
  return (
    <div className="page settings-page csp-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/projects/$projectId/settings" params={{ projectId: param }}>
          {project.name}
        </Link>{' '}
        <span aria-hidden="true">/</span> <span>CSP reporting</span>
      </nav>
      <h1>{project.name}: CSP reporting</h1>
      <nav aria-label="Sections" className="section-links">
        <a href="#headers">Header lines</a>
        <a href="#middleware">@vigie/csp middleware</a>
        <Link to="/projects/$projectId/csp" params={{ projectId: param }}>
          Policy builder
        </Link>
      </nav>
      {keys.isPending ? <SkeletonRows rows={3} /> : null}
      {keys.isError ? <ErrorNotice error={keys.error} /> : null}
      {keys.data && !endpoint ? (
        <p className="notice notice-warning">
          Reports are sent with a DSN key, and this project has no active one:{' '}
          <Link to="/projects/$projectId/settings" params={{ projectId: param }} hash="keys">
            create a key
          </Link>{' '}
          first.
        </p>
      ) : null}
      {endpoint && key ? (
        <>
          <section className="panel settings-section" id="headers" aria-labelledby="headers-title">
            <h2 id="headers-title">Header lines to paste</h2>
            <p className="muted">
              Start report-only: browsers report what the policy would block and block nothing. Chromium sends
              Reporting API reports (report-to) about once a minute; Firefox and Safari read report-uri. Both
              go to the same endpoint.
            </p>
            {endpoint.url.startsWith('http:') ? (
              <p className="notice notice-warning">
                Vigie’s address is plain http: browsers send report-to (Reporting API) reports only to https
                endpoints, so only report-uri reports will arrive. Serve Vigie over https (VIGIE_PUBLIC_URL)
                for both.
              </p>
            ) : null}
            {active.length > 1 ? (
              <SelectField
                label="Key"
                inline
                value={key.id}
                onChange={(e) => setChosen(Number(e.target.value))}
              >
                {active.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.label}
                  </option>
                ))}
              </SelectField>
            ) : null}
            <HeaderLine name="Reporting-Endpoints" value={endpoint.reportingEndpoints} />
            <HeaderLine name="Content-Security-Policy-Report-Only" value={starterPolicy(endpoint)} />
            <h3>The endpoint alone</h3>
            <HeaderLine name="report-uri / report-to URL" value={endpoint.url} plain />
            <p className="small muted">
              Moving from Sentry? Its security endpoint works unchanged on Vigie:{' '}
              <span className="mono">{endpoint.sentryUrl}</span>
            </p>
          </section>
          <section className="panel settings-section" id="middleware" aria-labelledby="middleware-title">
            <h2 id="middleware-title">@vigie/csp middleware</h2>
            <p className="muted">
              The middleware sends the policy published on the{' '}
              <Link to="/projects/$projectId/csp" params={{ projectId: param }}>
                policy builder
              </Link>{' '}
              with its headers and nonces, and picks up a new version without a redeploy; it keeps the last
              good version when Vigie cannot be reached. Give it an API token with the read scope (Account →
              API tokens).
            </p>
            <div className="csp-header-line">
              <div className="csp-header-name">
                <span className="small muted">Express</span>
                <CopyButton text={middlewareSnippet(endpoint, projectId)} what="the middleware snippet" />
              </div>
              <pre className="mono code-block">{middlewareSnippet(endpoint, projectId)}</pre>
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}

function HeaderLine({ name, value, plain = false }: { name: string; value: string; plain?: boolean }) {
  const line = plain ? value : `${name}: ${value}`;
  return (
    <div className="csp-header-line">
      <div className="csp-header-name">
        <span className="mono small">{name}</span>
        <CopyButton text={line} what={name} />
      </div>
      <code className="mono code-block csp-policy">{line}</code>
    </div>
  );
}
