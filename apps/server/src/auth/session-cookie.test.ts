import { describe, expect, it } from 'vitest';
import { csrfTokenMatches, originMatchesHost, readSessionCookie, sessionCookie } from './session-cookie.ts';

const id = 'q8k3VdO0w2Xb1ZqYt6N5c4R7e9L0pA1sD2fG3hJ4k5M';

describe('the session cookie', () => {
  it('finds the session among other cookies and ignores values Vigie never set', () => {
    expect(readSessionCookie(`theme=dark; vigie_session=${id}; _ga=GA1.2.3`)).toBe(id);
    expect(readSessionCookie('theme=dark')).toBeUndefined();
    expect(readSessionCookie('vigie_session=<script>')).toBeUndefined();
    expect(readSessionCookie(undefined)).toBeUndefined();
  });

  it('is HttpOnly and SameSite=Lax, and Secure only over HTTPS', () => {
    expect(sessionCookie(id, { secure: false, maxAgeSeconds: 60 })).toBe(
      `vigie_session=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60`,
    );
    expect(sessionCookie(id, { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
  });
});

describe('CSRF checks', () => {
  it('compares the token exactly', () => {
    expect(csrfTokenMatches(id, id)).toBe(true);
    expect(csrfTokenMatches(id.slice(1), id)).toBe(false);
    expect(csrfTokenMatches(undefined, id)).toBe(false);
    expect(csrfTokenMatches([id, id], id)).toBe(false);
  });

  it('accepts a missing Origin or one naming the host, and refuses other sites and "null"', () => {
    expect(originMatchesHost(undefined, 'vigie.example.com')).toBe(true);
    expect(originMatchesHost('https://vigie.example.com', 'vigie.example.com')).toBe(true);
    expect(originMatchesHost('http://localhost:8000', 'localhost:8000')).toBe(true);
    expect(originMatchesHost('https://evil.example', 'vigie.example.com')).toBe(false);
    expect(originMatchesHost('https://vigie.example.com.evil.example', 'vigie.example.com')).toBe(false);
    expect(originMatchesHost('null', 'vigie.example.com')).toBe(false);
  });
});
