// Which releases, environments, browsers, systems, URLs, servers and users the issue's events came
// from: each tag's most frequent values as bars with their counts and shares. A value opens the
// stream filtered by it.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { issueTagsQuery } from '../../api/issue-queries.ts';
import type { ResponseOf } from '../../api/types.ts';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, SkeletonRows } from '../../ui/notices.tsx';
import { tagSearchTerm } from './tag-search.ts';

type Tag = ResponseOf<'/api/v1/issues/{id}/tags', 'get'>['tags'][number];

const NAMES: Record<string, string> = {
  release: 'Release',
  environment: 'Environment',
  browser: 'Browser',
  'browser.name': 'Browser name',
  os: 'OS',
  'os.name': 'OS name',
  runtime: 'Runtime',
  'runtime.name': 'Runtime name',
  device: 'Device',
  'device.family': 'Device family',
  url: 'URL',
  transaction: 'Transaction',
  server_name: 'Server',
  user: 'User',
  level: 'Level',
  logger: 'Logger',
  dist: 'Distribution',
};

const percent = (share: number) =>
  share >= 0.995 ? '100%' : share < 0.01 && share > 0 ? '<1%' : `${Math.round(share * 100)}%`;

/** The tags people look at first (release, environment, browser, OS, device, URL…) show; the rest on demand. */
const FIRST_SHOWN = 8;

export function TagBreakdown({ issueId, projectId }: { issueId: number; projectId: number }) {
  const tags = useQuery(issueTagsQuery(issueId));
  const [all, setAll] = useState(false);
  const list = tags.data?.tags ?? [];
  const shown = all ? list : list.slice(0, FIRST_SHOWN);
  return (
    <section className="panel tag-breakdown" aria-labelledby="tags-heading">
      <h2 id="tags-heading">Tags</h2>
      {tags.isError ? <ErrorNotice error={tags.error} /> : null}
      {tags.isPending ? <SkeletonRows rows={4} /> : null}
      {tags.data && tags.data.tags.length === 0 ? (
        <p className="muted small">The events of this issue carried no tags.</p>
      ) : null}
      <div className="tag-grid">
        {shown.map((tag) => (
          <TagValues key={tag.key} tag={tag} projectId={projectId} />
        ))}
      </div>
      {list.length > FIRST_SHOWN ? (
        <button
          type="button"
          className="button button-quiet button-small tag-more"
          onClick={() => setAll(!all)}
        >
          {all ? 'Show fewer tags' : `Show all ${list.length} tags`}
        </button>
      ) : null}
    </section>
  );
}

function TagValues({ tag, projectId }: { tag: Tag; projectId: number }) {
  const others = tag.events - tag.topValues.reduce((sum, v) => sum + v.count, 0);
  const headingId = `tag-${tag.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <div className="tag">
      <h3 id={headingId} className="tag-key">
        {NAMES[tag.key] ?? <span className="mono">{tag.key}</span>}
        <span className="muted small">
          {' '}
          {tag.distinctValues === 1 ? '1 value' : `${formatCount(tag.distinctValues)} values`}
        </span>
      </h3>
      <ul className="tag-values" aria-labelledby={headingId}>
        {tag.topValues.map((v) => {
          const term = tagSearchTerm(tag.key, v.value);
          const label = <span className="tag-value-text mono">{v.value}</span>;
          return (
            <li key={v.value} className="tag-value">
              <span className="tag-bar" aria-hidden="true">
                <span className="tag-bar-fill" style={{ width: `${Math.max(1, v.share * 100)}%` }} />
              </span>
              {term ? (
                <Link
                  to="/projects/$projectId/issues"
                  params={{ projectId: String(projectId) }}
                  search={{ query: term }}
                  className="tag-value-link"
                  title={`Issues whose events had ${tag.key} ${v.value}`}
                >
                  {label}
                </Link>
              ) : (
                label
              )}
              <span className="tag-count num">{formatCount(v.count)}</span>
              <span className="tag-share num">{percent(v.share)}</span>
            </li>
          );
        })}
        {others > 0 ? (
          <li className="tag-value tag-others muted">
            <span className="tag-bar" aria-hidden="true">
              <span className="tag-bar-fill" style={{ width: `${(others / tag.events) * 100}%` }} />
            </span>
            <span className="tag-value-text">Other values</span>
            <span className="tag-count num">{formatCount(others)}</span>
            <span className="tag-share num">{percent(others / tag.events)}</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
