import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize.ts';
import { compileScrubRules, DEFAULT_SCRUB_RULES, scrubEvent, scrubValue } from './scrub.ts';

const ctx = { receivedAtMs: Date.UTC(2026, 11, 7, 12), clockDriftMs: 0 };
const F = '[Filtered]';

/** An event that carries credentials wherever SDKs put them. */
const leaky = () => ({
  message: 'Charge failed for 4111 1111 1111 1111 with Authorization: Bearer eyJhbGciOi.payload.sig',
  user: { id: 'u-1', email: 'ana@example.com', username: 'ana', auth_token: 'at-1', plan: 'pro' },
  tags: { session_id: 's-1', route: '/checkout' },
  extra: {
    password: 'hunter2',
    nested: { apiKey: 'k-1', 'X-Api-Key': 'k-2', 'card[number]': '4242424242424242', cvv: 737, note: 'ok' },
    list: [{ secret: 's' }, 'https://bob:pa55word@db.example.com/shop'],
    order: 'order 4111111111111112 of 3',
  },
  contexts: {
    payment: { credit_card: '4242 4242 4242 4242', amount: 1999 },
    response: { headers: { 'Set-Cookie': 'sid=abc; HttpOnly', 'Content-Type': 'text/html' } },
  },
  request: {
    url: 'https://shop.example.com/checkout?order=7&token=tok-1&redirect=%2Fcart',
    headers: {
      Authorization: 'Basic YW5hOmh1bnRlcjI=',
      Cookie: 'sessionid=c-1; theme=dark',
      'User-Agent': 'Mozilla/5.0 token',
      Accept: 'text/html',
    },
    data: '{"password":"body-pw","qty":2}',
    env: { MYSQL_PWD: 'db-pw', REMOTE_ADDR: '198.51.100.4' },
  },
  breadcrumbs: [
    { category: 'http', data: { url: 'https://api.example.com/v1?api_key=k-3&page=2', password: 'p' } },
    { category: 'auth', message: 'login with Bearer abc.def' },
  ],
  exception: {
    values: [
      {
        type: 'Error',
        value: 'declined',
        stacktrace: {
          frames: [
            {
              filename: 'checkout.py',
              function: 'charge',
              context_line: 'password = request.form["password"]',
              vars: { password: "'local-pw'", otp: '123456', otp_sent_at: 'noon', qty: 2 },
            },
          ],
        },
      },
    ],
  },
});

describe('data scrubbing', () => {
  it('filters credentials wherever an event carries them, and keeps what is not one', () => {
    const event = normalizeEvent(leaky(), ctx);
    expect(event.user).toEqual({
      id: 'u-1',
      email: 'ana@example.com',
      username: 'ana',
      ipAddress: '198.51.100.4',
      auth_token: F,
      plan: 'pro',
    });
    expect(event.tags).toContainEqual(['session_id', F]);
    expect(event.tags).toContainEqual(['route', '/checkout']);
    expect(event.extra).toEqual({
      password: F,
      nested: { apiKey: F, 'X-Api-Key': F, 'card[number]': F, cvv: F, note: 'ok' },
      list: [{ secret: F }, `https://bob:${F}@db.example.com/shop`],
      // Not a card number: it fails the Luhn check.
      order: 'order 4111111111111112 of 3',
    });
    expect(event.contexts.payment).toEqual({ credit_card: F, amount: 1999, type: 'payment' });
    expect(event.contexts.response).toMatchObject({
      headers: { 'Set-Cookie': F, 'Content-Type': 'text/html' },
    });
    expect(event.request).toMatchObject({
      url: 'https://shop.example.com/checkout',
      query_string: [
        ['order', '7'],
        ['token', F],
        ['redirect', '/cart'],
      ],
      headers: [
        ['Authorization', F],
        ['User-Agent', 'Mozilla/5.0 token'],
        ['Accept', 'text/html'],
      ],
      cookies: [
        ['sessionid', F],
        ['theme', F],
      ],
      data: '{"password":"[Filtered]","qty":2}',
      env: { MYSQL_PWD: F, REMOTE_ADDR: '198.51.100.4' },
    });
    expect(event.breadcrumbs).toEqual([
      { category: 'http', data: { url: `https://api.example.com/v1?api_key=${F}&page=2`, password: F } },
      { category: 'auth', message: `login with Bearer ${F}` },
    ]);
    const frame = event.exceptions[0]!.frames[0]!;
    expect(frame.vars).toEqual({ password: F, otp: F, otp_sent_at: 'noon', qty: 2 });
    // Source code is not data: a line that names a password stays readable.
    expect(frame.contextLine).toBe('password = request.form["password"]');
    expect(event.message).toBe(`Charge failed for ${F} with Authorization: Bearer ${F}`);
    expect(event.title).toBe('Error: declined');
  });

  it('filters a card number or a bearer token out of a message title before grouping reads it', () => {
    const event = normalizeEvent({ message: 'Card 5555-5555-5555-4444 declined' }, ctx);
    expect([event.title, event.message]).toEqual([`Card ${F} declined`, `Card ${F} declined`]);
  });

  it('filters a PEM private key inside a string', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    expect(scrubValue({ config: `key: ${pem} end` }, DEFAULT_SCRUB_RULES)).toEqual({
      config: `key: ${F} end`,
    });
  });

  it('returns the very event when there is nothing to filter, and never changes its argument', () => {
    const clean = normalizeEvent({ message: 'Disk full', extra: { free: 0 }, tags: { route: '/' } }, ctx);
    expect(scrubEvent(clean, DEFAULT_SCRUB_RULES)).toBe(clean);
    const raw = normalizeEvent(leaky(), {
      ...ctx,
      scrub: compileScrubRules({ fields: [], safeFields: [], defaults: false }),
    });
    const before = structuredClone(raw);
    const scrubbed = scrubEvent(raw, DEFAULT_SCRUB_RULES);
    expect(raw).toEqual(before);
    expect(scrubbed.extra.password).toBe(F);
  });

  it('takes more field names and safe field names from the configuration, or drops the defaults', () => {
    const rules = compileScrubRules({
      fields: ['iban', 'Tax-Id'],
      safeFields: ['author', 'Token_Count'],
      defaults: true,
    });
    expect(
      scrubValue(
        { iban: 'FR76', taxId: '12', author: 'ana', token_count: 3, authority: 'x', password: 'p' },
        rules,
      ),
    ).toEqual({ iban: F, taxId: F, author: 'ana', token_count: 3, authority: F, password: F });
    const only = compileScrubRules({ fields: ['iban'], safeFields: [], defaults: false });
    expect(scrubValue({ iban: 'FR76', password: 'p', note: 'Bearer x', url: '?iban=1' }, only)).toEqual({
      iban: F,
      password: 'p',
      note: 'Bearer x',
      url: `?iban=${F}`,
    });
  });

  it('filters what lies deeper than any SDK sends rather than leave it unread', () => {
    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 150; i++) deep = { inner: deep };
    const scrubbed = JSON.stringify(scrubValue(deep, DEFAULT_SCRUB_RULES));
    expect(scrubbed).not.toContain('"p"');
    expect(scrubbed).toContain(F);
  });
});
