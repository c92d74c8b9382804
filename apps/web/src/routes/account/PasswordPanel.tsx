// Changing one's password: the current one first (someone at an unattended browser cannot), and every
// other session of the account ends, so whoever knew the old password is signed out.

import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ok } from '../../api/client.ts';
import { ErrorNotice } from '../../ui/notices.tsx';

// The server checks it too (auth/password.ts); said here so that nobody types a password twice for nothing.
const MIN_PASSWORD = 10;

export function PasswordPanel() {
  const change = useMutation({
    mutationFn: async (input: { currentPassword: string; newPassword: string; again: string }) => {
      if (input.newPassword !== input.again) throw new Error('The two new passwords differ.');
      return ok(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: input.currentPassword, newPassword: input.newPassword },
        }),
      );
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '');
    change.mutate(
      { currentPassword: value('current'), newPassword: value('new'), again: value('again') },
      { onSuccess: () => form.reset() },
    );
  };
  const ended = change.data?.endedSessions ?? 0;
  return (
    <section className="panel settings-section" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <p className="muted">
        Changing it signs you out everywhere else: every other browser where you are logged in has to log in
        again. This one stays signed in.
      </p>
      <form className="form narrow-form" onSubmit={submit}>
        <label className="field">
          <span>Current password</span>
          <input name="current" type="password" required autoComplete="current-password" />
        </label>
        <label className="field">
          <span>New password (at least {MIN_PASSWORD} characters)</span>
          <input name="new" type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" />
        </label>
        <label className="field">
          <span>New password again</span>
          <input name="again" type="password" required minLength={MIN_PASSWORD} autoComplete="new-password" />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            Change password
          </button>
        </div>
        {change.isError ? <ErrorNotice error={change.error} /> : null}
        {change.isSuccess ? (
          <p role="status" className="notice notice-ok">
            Password changed.{' '}
            {ended === 0
              ? 'No other session was open.'
              : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`}
          </p>
        ) : null}
      </form>
    </section>
  );
}
