// The login page: email and password start a session (cookie), then the page asked for opens.

import { useSearch } from '@tanstack/react-router';
import { api, ok } from '../../api/client.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { AuthCard, EmailField } from './AuthCard.tsx';
import { field, useAuthForm } from './auth-form.ts';

export function LoginPage() {
  const search = useSearch({ from: '/login' });
  const { submit, error, pending } = useAuthForm(
    (form) =>
      ok(
        api.POST('/api/v1/auth/login', {
          body: { email: field(form, 'email'), password: field(form, 'password') },
        }),
      ),
    search.redirect ?? '/',
  );

  return (
    <AuthCard title="Log in to Vigie">
      <form onSubmit={submit} className="form">
        <EmailField />
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="muted small">
        No account yet? The person who set Vigie up creates one for you; the first account is made with the
        setup link Vigie printed when it first started.
      </p>
    </AuthCard>
  );
}
