import { describe, expect, it } from 'vitest';
import { BAG_DEPTH, boundedJson, jsonPreview, trimDatabag } from './databag.ts';

/** `{"key8": {"key7": … "max depth"}}`, as Relay's own test builds it. */
function nested(depth: number): unknown {
  return depth === 0 ? 'max depth' : { [`key${depth}`]: nested(depth - 1) };
}

/** A value `levels` deep, built without recursion. */
function deep(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: [value] };
  return value;
}

describe('trimDatabag', () => {
  it('cuts a large bag as Relay does: the seventh level holds the rest as JSON text', () => {
    // relay-event-normalization trimming.rs, test_databag_stripping.
    const extra = { key_1: 'value 1', key_2: nested(8), key_3: nested(5) };
    expect(trimDatabag(extra, BAG_DEPTH.large)).toEqual({
      key_1: 'value 1',
      key_2: { key8: { key7: { key6: { key5: { key4: '{"key3":{"key2":{"key1":"max depth"}}}' } } } } },
      key_3: nested(5),
    });
  });

  it('gives back the very value when nothing is deep enough to cut', () => {
    const vars = { order: { id: 42, lines: [{ sku: 'A-1' }] } };
    expect(trimDatabag(vars, BAG_DEPTH.medium)).toBe(vars);
  });

  it('cuts 100,000 levels without overflowing the stack, and keeps "__proto__" as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "deep": 0}') as Record<string, unknown>;
    value.deep = deep(100_000);
    const trimmed = trimDatabag(value, BAG_DEPTH.small) as Record<string, unknown>;
    expect(Object.getPrototypeOf(trimmed)).toBe(Object.prototype);
    expect(Object.hasOwn(trimmed, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    // The bag is level 0, `deep` level 1, its array level 2: written as text.
    const text = (trimmed.deep as { a: string }).a;
    expect(text).toMatch(/^\[\{"a":\[\{"a":.*"\.\.\."/);
    expect(text.length).toBeLessThanOrEqual(8192);
  });
});

describe('boundedJson and jsonPreview', () => {
  it('write any value, however deep or long, in bounded text', () => {
    expect(boundedJson(deep(50_000)).length).toBeLessThan(300);
    expect(boundedJson('x'.repeat(20_000))).toHaveLength(8192);
    expect(jsonPreview({ a: 'x'.repeat(1000) })).toHaveLength(200);
    expect(jsonPreview(undefined)).toBe('nothing');
    expect(jsonPreview([1, 'two'])).toBe('[1,"two"]');
  });
});
