import { describe, expect, it } from 'vitest';
import { maskSecret, readEvent } from './event-data.ts';

describe('readEvent', () => {
  it('shows the caught exception first, each trace most recent call first', () => {
    const view = readEvent({
      exceptions: [
        { type: 'KeyError', value: 'id', frames: [{ function: 'load' }] },
        {
          type: 'ValueError',
          value: 'bad order',
          frames: [{ function: 'main' }, { function: 'pay', inApp: true }],
        },
      ],
    });
    expect(view.exceptions.map((e) => e.type)).toEqual(['ValueError', 'KeyError']);
    expect(view.exceptions[0]?.frames.map((f) => [f.function, f.inApp])).toEqual([
      ['pay', true],
      ['main', false],
    ]);
  });

  it('drops fields of the wrong type and turns values into text', () => {
    const view = readEvent({
      message: 42,
      tags: [['route', '/checkout'], ['broken'], 'nonsense'],
      user: { id: 7, email: 'ana@example.com', data: { plan: 'pro' } },
      breadcrumbs: [{ timestamp: 1_700_000_000.5, message: { nested: true } }, null],
      request: 'not an object',
      exceptions: 'nope',
    });
    expect(view.message).toBeNull();
    expect(view.tags).toEqual([['route', '/checkout']]);
    expect(view.user).toEqual([
      ['id', '7'],
      ['email', 'ana@example.com'],
      ['data', '{"plan":"pro"}'],
    ]);
    expect(view.breadcrumbs).toEqual([
      {
        timestamp: '2023-11-14T22:13:20.500Z',
        type: null,
        category: null,
        level: null,
        message: '{"nested":true}',
        data: [],
      },
    ]);
    expect(view.request).toBeNull();
    expect(view.exceptions).toEqual([]);
  });
});

describe('maskSecret', () => {
  it('masks the values of headers that carry credentials', () => {
    for (const name of [
      'Authorization',
      'Cookie',
      'X-Api-Key',
      'X-Auth-Token',
      'X-CSRF-Token',
      'Proxy-Authorization',
    ])
      expect(maskSecret(name, 'abc'), name).toBe('[masked]');
    expect(maskSecret('User-Agent', 'Mozilla/5.0')).toBe('Mozilla/5.0');
    expect(maskSecret('Accept', 'text/html')).toBe('text/html');
  });
});
