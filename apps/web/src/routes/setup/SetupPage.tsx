// First run: the setup link printed at start opens this page, where the first person creates the
// owner account. The server signs them in, and the projects page opens.

import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ApiError, api, ok } from '../../api/client.ts';
import { ErrorNotice, Loading } from '../../ui/notices.tsx';
import { AuthCard, EmailField } from '../login/AuthCard.tsx';
import { field, useAuthForm } from '../login/auth-form.ts';

// The server checks it too (auth/password.ts); said here so that nobody types a password twice for nothing.
const MIN_PASSWORD = 10;

export function SetupPage() {
  const { token } = useParams({ from: '/setup/$token' });
  const link = useQuery({
    queryKey: ['setup', token],
    queryFn: () => ok(api.GET('/api/v1/setup/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const { submit, error, pending } = useAuthForm(async (form) => {
    const password = field(form, 'password');
    if (password !== field(form, 'confirm')) throw new Error('The two passwords differ.');
    const name = field(form, 'name').trim();
    return ok(
      api.POST('/api/v1/setup/{token}', {
        params: { path: { token } },
        body: { email: field(form, 'email'), password, ...(name ? { name } : {}) },
      }),
    );
  }, '/');

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
        <EmailField />
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
