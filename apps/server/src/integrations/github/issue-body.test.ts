import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../grouping/normalize.ts';
import { type IssueFacts, renderGithubIssue, topInAppFrames } from './issue-body.ts';

const frame = (fn: string, file: string, lineno: number, inApp: boolean) => ({
  function: fn,
  filename: file,
  lineno,
  colno: 5,
  in_app: inApp,
});

const rawEvent = (value: string) => ({
  event_id: 'a'.repeat(32),
  timestamp: Date.UTC(2026, 10, 20) / 1000,
  platform: 'node',
  exception: {
    values: [
      {
        type: 'TypeError',
        value,
        stacktrace: {
          frames: [
            frame('main', '/srv/shop/server.js', 10, true),
            frame('Layer.handle', '/srv/shop/node_modules/express/lib/router/layer.js', 95, false),
            frame('loadOrder', '/srv/shop/orders.js', 20, true),
            frame('checkout', '/srv/shop/routes/checkout.js', 42, true),
          ],
        },
      },
    ],
  },
});

const facts = (value: string, overrides: Partial<IssueFacts> = {}): IssueFacts => {
  const event = normalizeEvent(rawEvent(value), { receivedAtMs: Date.UTC(2026, 10, 20), clockDriftMs: 0 });
  return {
    issueId: 42,
    title: event.title,
    culprit: event.culprit,
    level: 'error',
    events: 128,
    users: 17,
    firstSeenMs: Date.UTC(2026, 10, 1),
    lastSeenMs: Date.UTC(2026, 10, 20),
    releases: ['shop@1.4.2', 'shop@1.4.3'],
    releaseCount: 7,
    event,
    link: 'https://vigie.example.com/issues/42',
    ...overrides,
  };
};

describe('the GitHub issue Vigie files', () => {
  it('lists in-app frames only, the most recent call first', () => {
    const frames = topInAppFrames(facts('x').event);
    expect(frames.map((f) => f.function)).toEqual(['checkout', 'loadOrder', 'main']);
    const { body } = renderGithubIssue(facts('x'));
    expect(body.indexOf('checkout.js:42:5 in checkout')).toBeLessThan(
      body.indexOf('orders.js:20:5 in loadOrder'),
    );
    expect(body).not.toContain('layer.js');
  });

  it('keeps an error message inside its code block, whatever backticks, mentions or links it holds', () => {
    const hostile = 'bad ``` input @octocat [click](https://evil.example) ```` end';
    const { body } = renderGithubIssue(facts(hostile));
    expect(body).toContain(`\`\`\`\`\`text\nTypeError: ${hostile}\n\`\`\`\`\``);
    // Outside the code blocks, only Vigie's own words and link remain.
    const outside = body.replace(/(`{3,})text\n[\s\S]*?\n\1/g, '');
    expect(outside).not.toContain('@octocat');
    expect(outside).not.toContain('evil.example');
  });

  it('gives the counts, the releases seen and a link back to Vigie', () => {
    const { body } = renderGithubIssue(facts('x'));
    expect(body).toContain('- **Events:** 128\n- **Users:** 17');
    expect(body).toContain('- **First seen:** 2026-11-01T00:00:00.000Z');
    expect(body).toContain('- **Releases:** `shop@1.4.2`, `shop@1.4.3` and 5 more');
    expect(body.endsWith('[View issue 42 in Vigie](https://vigie.example.com/issues/42)')).toBe(true);
  });

  it('uses the message when the event has no exception, and shortens titles GitHub would refuse', () => {
    const rendered = renderGithubIssue(
      facts('x', { event: null, title: `Invoice ${'9'.repeat(300)} not found`, culprit: null }),
    );
    expect(rendered.title).toHaveLength(256);
    expect(rendered.body).toContain('```text\nInvoice 999');
    expect(rendered.body).not.toContain('Culprit');
    expect(rendered.body).not.toContain('Stack trace');
  });
});
