// Setting up CSP reporting for a project: the exact header lines to paste (report-only policy, Reporting-
// Endpoints, report-uri and report-to), the endpoints for each DSN key (Vigie's and Sentry's spelling), and
// the @vigie/csp middleware option that fetches the published policy instead.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { projectKeysQuery } from '../../api/queries.ts';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { KeyPicker, useKeyChoice } from '../settings/KeyPicker.tsx';
import { ProjectSubpageHeader, useProjectOfPage } from '../settings/ProjectSubpage.tsx';
import { reportEndpointOf, starterPolicy } from './endpoint.ts';
import { middlewareSnippet } from './middleware-snippet.ts';
import '../../styles/settings.css';
import './csp.css';

export function CspSettingsPage() {
  const { projectId: param } = useParams({ from: '/app/projects/$projectId/settings/csp' });
  const projectId = Number(param);
  const { project, fallback } = useProjectOfPage(param, {
    loading: 'the CSP settings',
    title: 'CSP reporting',
  });
  const keys = useQuery({ ...projectKeysQuery(projectId), enabled: project !== undefined });
  const choice = useKeyChoice(keys.data);
  if (!project) return fallback;
  const { key } = choice;
  const endpoint = key ? reportEndpointOf(key, projectId) : undefined;
  return (
    <div className="page settings-page csp-page">
      <ProjectSubpageHeader project={project} crumb="CSP reporting" title="CSP reporting">
        <a href="#headers">Header lines</a>
        <a href="#middleware">@vigie/csp middleware</a>
        <Link to="/projects/$projectId/csp" params={{ projectId: param }}>
          Policy builder
        </Link>
      </ProjectSubpageHeader>
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
            <KeyPicker choice={choice} />
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
