// One customer: every issue they hit and every error they met, newest first, in words support can
// read to them: when, where (project, environment, release, browser, page), what went wrong and where
// the team is with it. Read-only: no triage control here, whoever looks.

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { LevelMark } from '../../ui/badges.tsx';
import { exactTime, formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { AskTheTeam } from '../escalation/AskTheTeam.tsx';
import { CustomerIdentity, customerName } from './CustomerIdentity.tsx';
import {
  type Customer,
  type CustomerEvent,
  customerEventsQuery,
  customersQuery,
} from './customer-queries.ts';
import { IssueStatus } from './IssueStatus.tsx';
import { systemWords } from './issue-words.ts';
import './customers.css';

export function CustomerPage() {
  const { key } = useParams({ from: '/app/customers/$key' });
  const customer = useQuery({ ...customersQuery(key), select: (list) => list[0] ?? null });
  const events = useInfiniteQuery(customerEventsQuery(key));
  const found = customer.data;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/customers" search={{}}>
          Customer lookup
        </Link>{' '}
        /
      </nav>
      <h1 className="customer-h1">{found ? customerName(found) : key}</h1>
      {customer.isPending ? <Loading what="the customer" /> : null}
      {customer.isError ? <ErrorNotice error={customer.error} /> : null}
      {found === null ? (
        <div className="empty">
          <h2>No error from this customer</h2>
          <p>
            None of your projects holds an event from {key}.{' '}
            <Link to="/customers" search={{}}>
              Look up someone else
            </Link>
            .
          </p>
        </div>
      ) : null}
      {found ? <CustomerSummary customer={found} customerKey={key} /> : null}
      {found ? (
        <section aria-labelledby="events-heading" className="customer-section">
          <h2 id="events-heading">Their errors, newest first</h2>
          {events.isPending ? <Loading what="their errors" /> : null}
          {events.isError ? <ErrorNotice error={events.error} /> : null}
          <ol className="customer-events">
            {events.data?.pages.flatMap((page) =>
              page.events.map((event) => (
                <EventItem key={`${event.projectId}:${event.eventId}`} event={event} />
              )),
            )}
          </ol>
          {events.hasNextPage ? (
            <button
              type="button"
              className="button"
              onClick={() => void events.fetchNextPage()}
              disabled={events.isFetchingNextPage}
            >
              {events.isFetchingNextPage ? 'Loading older errors…' : 'Show older errors'}
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function CustomerSummary({ customer, customerKey }: { customer: Customer; customerKey: string }) {
  return (
    <>
      <CustomerIdentity customer={customer} />
      <p className="customer-facts">
        {formatCount(customer.events)} {customer.events === 1 ? 'error' : 'errors'}, the first{' '}
        <RelativeTime iso={customer.firstSeen} />, the latest <RelativeTime iso={customer.lastSeen} />.
      </p>
      <section aria-labelledby="issues-heading" className="customer-section">
        <h2 id="issues-heading">Problems they ran into</h2>
        {customer.projects.map((project) => (
          <div key={project.id} className="customer-project">
            <h3>{project.name}</h3>
            <AskTheTeam
              projectId={project.id}
              projectName={project.name}
              customer={customerKey}
              about={customerName(customer)}
            />
            <ul className="customer-issues">
              {project.issues.map((issue) => (
                <li key={issue.id} className="customer-issue">
                  <LevelMark level={issue.level} />
                  <div className="customer-issue-text">
                    <Link
                      to="/issues/$issueId"
                      params={{ issueId: String(issue.id) }}
                      className="customer-issue-title"
                    >
                      {issue.title}
                    </Link>
                    <div className="customer-issue-sub">
                      <IssueStatus issue={issue} />
                      <span className="muted small">
                        {formatCount(issue.events)} {issue.events === 1 ? 'time' : 'times'} for them, last{' '}
                        <RelativeTime iso={issue.lastSeen} />
                      </span>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {customer.moreIssues ? (
          <p className="muted small">
            They ran into more problems than these, the {formatCount(200)} latest.
          </p>
        ) : null}
      </section>
    </>
  );
}

function EventItem({ event }: { event: CustomerEvent }) {
  const where = [event.project.name, event.environment, event.release && `release ${event.release}`].filter(
    Boolean,
  );
  const system = systemWords(event);
  return (
    <li className="customer-event">
      <p className="customer-event-when">
        <RelativeTime iso={event.timestamp} /> <span className="muted">· {exactTime(event.timestamp)}</span>
      </p>
      <p className="customer-event-what">
        <LevelMark level={event.level} />
        <Link
          to="/issues/$issueId"
          params={{ issueId: String(event.issueId) }}
          className="customer-issue-title"
        >
          {event.issue.title}
        </Link>
      </p>
      <dl className="customer-event-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <IssueStatus issue={event.issue} />
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{where.join(' · ')}</dd>
        </div>
        {system ? (
          <div>
            <dt>{system.label}</dt>
            <dd>{system.text}</dd>
          </div>
        ) : null}
        {event.url ? (
          <div>
            <dt>Page</dt>
            <dd className="mono">{event.url}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
