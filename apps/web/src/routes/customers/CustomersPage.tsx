// Customer lookup: support pastes what a customer wrote in (their user id, email, username or IP
// address) and sees who that is in the events, in which projects, how often and how recently. The
// search is the URL (?query=), so a link or a reload shows the same customers.

import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { formatCount } from '../../ui/format.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { CustomerIdentity, customerName } from './CustomerIdentity.tsx';
import { type Customer, customersQuery } from './customer-queries.ts';
import './customers.css';

export function CustomersPage() {
  const { query = '' } = useSearch({ from: '/app/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const [typed, setTyped] = useState(query);
  const customers = useQuery(customersQuery(query));
  return (
    <div className="page">
      <h1>Customer lookup</h1>
      <form
        className="lookup-form"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ search: typed.trim() === '' ? {} : { query: typed.trim() } });
        }}
      >
        <label htmlFor="customer-query">User id, email, username or IP address</label>
        <div className="lookup-row">
          <input
            id="customer-query"
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="jane@example.com"
            autoComplete="off"
            spellCheck={false}
            // biome-ignore lint/a11y/noAutofocus: the page's one field, what support came to type into
            autoFocus
          />
          <button type="submit" className="button button-primary">
            Look up
          </button>
        </div>
        <p className="muted small">
          Paste what the customer sent you. Emails match as sent or in lower case; prefix with{' '}
          <code>id:</code>, <code>email:</code>, <code>username:</code> or <code>ip:</code> to look up one
          kind only.
        </p>
      </form>
      {query === '' ? null : (
        <section aria-labelledby="results-heading" aria-busy={customers.isFetching}>
          <h2 id="results-heading" className="visually-hidden">
            Customers matching {query}
          </h2>
          {customers.isPending ? <Loading what="customers" /> : null}
          {customers.isError ? <ErrorNotice error={customers.error} title="The lookup failed:" /> : null}
          {customers.data?.length === 0 ? (
            <div className="empty">
              <h2>No customer found</h2>
              <p>
                No event in your projects came from a user with the id, email, username or IP address “{query}
                ”. Check it as the customer wrote it, or ask them for the email they signed up with.
              </p>
            </div>
          ) : null}
          <ul className="customer-results">
            {customers.data?.map((customer) => (
              <CustomerResult key={customer.key} customer={customer} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function CustomerResult({ customer }: { customer: Customer }) {
  const issues = customer.projects.reduce((n, p) => n + p.issues.length, 0);
  return (
    <li className="card customer-result">
      <h3 className="customer-result-name">
        <Link to="/customers/$key" params={{ key: customer.key }}>
          {customerName(customer)}
        </Link>
      </h3>
      <CustomerIdentity customer={customer} />
      <p className="customer-result-facts">
        {formatCount(customer.events)} {customer.events === 1 ? 'error' : 'errors'} in {formatCount(issues)}
        {customer.moreIssues ? '+' : ''} {issues === 1 ? 'issue' : 'issues'}, last{' '}
        <RelativeTime iso={customer.lastSeen} />, in{' '}
        {customer.projects.map((p, i) => (
          <span key={p.id}>
            {i > 0 ? ', ' : ''}
            <strong>{p.name}</strong> ({p.issues.length})
          </span>
        ))}
      </p>
    </li>
  );
}
