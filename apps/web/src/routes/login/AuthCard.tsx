// The centred card of the signed-out pages (login, setup), and their email field.

import type { ReactNode } from 'react';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="auth-page">
      <div className="auth-card">
        <div className="auth-brand" aria-hidden="true">
          <span className="brand-mark">V</span> Vigie
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function EmailField() {
  return (
    <label className="field">
      <span>Email</span>
      <input name="email" type="email" autoComplete="username" required />
    </label>
  );
}
