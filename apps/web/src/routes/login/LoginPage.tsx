// The login page: email and password start a session (cookie), then the page asked for opens.

import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, ok, setCsrfToken } from '../../api/client.ts';
import { meQuery } from '../../api/queries.ts';
import { ErrorNotice } from '../../ui/notices.tsx';
import { AuthCard } from './AuthCard.tsx';

export function LoginPage() {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const session = await ok(
        api.POST('/api/v1/auth/login', {
          body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
        }),
      );
      setCsrfToken(session.csrfToken);
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      await navigate({ href: search.redirect ?? '/' });
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  return (
    <AuthCard title="Log in to Vigie">
      <form onSubmit={submit} className="form">
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
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
