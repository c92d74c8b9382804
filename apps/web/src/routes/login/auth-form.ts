// What the signed-out forms (login, setup) share: the pending and error state of the one request
// they send, and what follows a new session (remember its CSRF token, forget the signed-out cache,
// load who is signed in, open the next page).

import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { setCsrfToken } from '../../api/client.ts';
import { meQuery } from '../../api/queries.ts';
import type { Session } from '../../api/types.ts';

export function useAuthForm(send: (form: FormData) => Promise<Session>, nextHref: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const session = await send(form);
      setCsrfToken(session.csrfToken);
      queryClient.clear();
      await queryClient.fetchQuery(meQuery);
      await navigate({ href: nextHref });
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  return { submit, error, pending };
}

export const field = (form: FormData, name: string): string => String(form.get(name) ?? '');
