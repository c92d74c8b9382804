// First run: the setup link printed at start opens this page, where the first person creates the
// owner account. The server signs them in, and the projects page opens.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { ApiError, api, ok, setCsrfToken } from '../../api/client.ts';
import { meQuery } from '../../api/queries.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { AuthCard } from '../login/AuthCard.tsx';

// The server checks it too (auth/password.ts); said here so that nobody types a password twice for nothing.
const MIN_PASSWORD = 10;

export function SetupPage() {
  const { token } = useParams({ from: '/setup/$token' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const link = useQuery({
    queryKey: ['setup', token],
    queryFn: () => ok(api.GET('/api/v1/setup/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError(new Error('The two passwords differ.'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const name = String(form.get('name') ?? '').trim();
      const session = await ok(
        api.POST('/api/v1/setup/{token}', {
          params: { path: { token } },
          body: { email: String(form.get('email') ?? ''), password, ...(name ? { name } : {}) },
        }),
      );
      setCsrfToken(session.csrfToken);
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      await navigate({ to: '/' });
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  if (link.isPending) return <Loading what="the setup link" />;
  if (link.isError) {
    const gone = link.error instanceof ApiError && link.error.status === 404;
    return (
      <AuthCard title={gone ? 'This setup link no longer works' : 'Setup'}>
        <ErrorNotice error={link.error} />
        <p>
          <Link to="/login" search={{}}>
            Go to the login page
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create the owner account">
      <p className="muted">
        This account administers Vigie: every project, member and setting. The link stops working once it
        exists.
      </p>
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className="field">
          <span>Name (optional)</span>
          <input name="name" type="text" autoComplete="name" maxLength={200} />
        </label>
        <label className="field">
          <span>Password (at least {MIN_PASSWORD} characters)</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            required
          />
        </label>
        <label className="field">
          <span>Password again</span>
          <input
            name="confirm"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            required
          />
        </label>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create the account'}
        </button>
      </form>
    </AuthCard>
  );
}
