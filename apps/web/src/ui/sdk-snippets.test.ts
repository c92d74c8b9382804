import { describe, expect, it } from 'vitest';
import { sdkSnippets } from './sdk-snippets.ts';

const DSN = 'http://3f9c0a1b2c3d4e5f60718293a4b5c6d7@vigie.example.com:8000/4';

describe('sdkSnippets', () => {
  it('gives each SDK its documented init call with the real DSN in it', () => {
    const byId = Object.fromEntries(sdkSnippets(DSN).map((s) => [s.id, s]));
    expect(byId['browser-npm']?.code).toContain(`import * as Sentry from '@sentry/browser';`);
    expect(byId['browser-npm']?.code).toContain(`dsn: '${DSN}'`);
    expect(byId['browser-cdn']?.code).toMatch(
      /src="https:\/\/browser\.sentry-cdn\.com\/[\d.]+\/bundle\.min\.js"/,
    );
    expect(byId['browser-cdn']?.code).toContain(`Sentry.init({ dsn: '${DSN}' });`);
    expect(byId.node?.code).toContain(`import * as Sentry from '@sentry/node';`);
    expect(byId.python?.code).toContain(`sentry_sdk.init(\n    dsn="${DSN}",\n)`);
    expect(byId.ruby?.code).toContain(`config.dsn = "${DSN}"`);
    expect(byId.php?.code).toContain(`\\Sentry\\init([\n    'dsn' => '${DSN}',\n]);`);
    expect(byId.go?.code).toContain(`sentry.Init(sentry.ClientOptions{\n\t\tDsn: "${DSN}",`);
    expect(byId.java?.code).toContain(`options.setDsn("${DSN}");`);
  });

  it('covers the SDKs teams use, each with a way to install it', () => {
    const snippets = sdkSnippets(DSN);
    expect(snippets.map((s) => s.id)).toEqual([
      'browser-npm',
      'browser-cdn',
      'node',
      'python',
      'ruby',
      'php',
      'go',
      'java',
    ]);
    for (const s of snippets) if (s.id !== 'browser-cdn') expect(s.install?.command, s.id).toMatch(/\S/);
  });

  it('keeps a quote in a DSN inside the string literal', () => {
    const odd = 'http://k\'ey"@host/1';
    const byId = Object.fromEntries(sdkSnippets(odd).map((s) => [s.id, s]));
    expect(byId['browser-npm']?.code).toContain(`dsn: 'http://k\\'ey"@host/1'`);
    expect(byId.python?.code).toContain(`dsn="http://k'ey\\"@host/1"`);
  });
});
