import { describe, expect, it } from 'vitest';
import { searchValue, tagSearchTerm } from './tag-search.ts';

describe('tagSearchTerm', () => {
  it('uses the keys the search bar knows for release, environment and the user', () => {
    expect(tagSearchTerm('release', 'shop@1.4.2')).toBe('release:shop@1.4.2');
    expect(tagSearchTerm('environment', 'production')).toBe('environment:production');
    expect(tagSearchTerm('user', 'id:u-42')).toBe('user.id:u-42');
    expect(tagSearchTerm('user', 'email:ana@example.com')).toBe('user.email:ana@example.com');
  });

  it('names any other tag in brackets, quoting values with spaces, quotes or stars', () => {
    expect(tagSearchTerm('browser', 'Chrome 120.0')).toBe('tags[browser]:"Chrome 120.0"');
    expect(tagSearchTerm('user', 'ip:10.0.0.1')).toBe('tags[user]:ip:10.0.0.1');
    expect(tagSearchTerm('note', 'say "hi" *now*')).toBe('tags[note]:"say \\"hi\\" \\*now\\*"');
  });

  it('gives up on a key the brackets cannot hold, and on an empty value', () => {
    expect(tagSearchTerm('my tag', 'x')).toBeNull();
    expect(tagSearchTerm('a]b', 'x')).toBeNull();
    expect(tagSearchTerm('browser', '')).toBeNull();
  });

  it('writes plain values bare', () => {
    expect(searchValue('production')).toBe('production');
    expect(searchValue('')).toBe('""');
  });
});
