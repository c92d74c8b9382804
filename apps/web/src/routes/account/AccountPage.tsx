// The signed-in person's account: who they are, their password, and their API tokens.

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { meQuery } from '../../api/queries.ts';
import { PasswordPanel } from './PasswordPanel.tsx';
import { TokensPanel } from './TokensPanel.tsx';
import '../../styles/settings.css';

export function AccountPage() {
  const { data: me } = useQuery(meQuery);
  const user = me?.user ?? null;
  return (
    <div className="page settings-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/settings">Settings</Link> <span aria-hidden="true">/</span> <span>Account</span>
      </nav>
      <h1>Your account</h1>
      {user ? (
        <dl className="facts panel account-facts">
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          <div>
            <dt>Name</dt>
            <dd>{user.name || '—'}</dd>
          </div>
          <div>
            <dt>Instance administrator</dt>
            <dd>{user.isAdmin ? 'yes' : 'no'}</dd>
          </div>
        </dl>
      ) : (
        <p className="notice notice-info">
          You are signed in with a service token, which belongs to no account: it has no password, and lists
          the service tokens.
        </p>
      )}
      {user && me?.via === 'session' ? <PasswordPanel /> : null}
      <TokensPanel />
    </div>
  );
}
