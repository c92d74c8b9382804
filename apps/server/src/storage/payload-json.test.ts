import { describe, expect, it } from 'vitest';
import { parsePayloadJson } from './payload-json.ts';

describe('parsePayloadJson', () => {
  it('replaces NUL with U+FFFD in every string and key, at any depth', () => {
    const text =
      '{"message":"a\\u0000b","user":{"id\\u0000":["\\u0000",{"deep":"x\\u0000"}]},"__proto__":"nul\\u0000here"}';
    const value = parsePayloadJson(text) as Record<string, unknown>;
    expect(value.message).toBe('a\uFFFDb');
    expect(value.user).toEqual({ 'id\uFFFD': ['\uFFFD', { deep: 'x\uFFFD' }] });
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('nul\uFFFDhere');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('walks 200,000 levels without overflowing the stack', () => {
    const levels = 200_000;
    const text = `${'['.repeat(levels)}"\\u0000"${']'.repeat(levels)}`;
    let value = parsePayloadJson(text);
    for (let i = 0; i < levels; i++) value = (value as unknown[])[0];
    expect(value).toBe('\uFFFD');
  });

  it('leaves a payload without an escaped NUL as JSON.parse reads it', () => {
    const text = '{"path":"C:\\\\u0000dir","n":1}';
    expect(parsePayloadJson(text)).toEqual(JSON.parse(text));
  });
});
