import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on SQLite in ./data on port 8000 when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8000);
    expect(config.database).toEqual({
      kind: 'sqlite',
      file: expect.stringMatching(/\/data\/vigie\.sqlite$/),
    });
    expect(config.publicUrl).toBe('http://localhost:8000');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://vigie@db:5432/vigie', PORT: '9000' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://vigie@db:5432/vigie' });
    expect(config.publicUrl).toBe('http://localhost:9000');
  });

  it('names every invalid variable in one error', () => {
    expect(() =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://db/vigie', LOG_LEVEL: 'loud' }),
    ).toThrowError(/PORT="eighty".*\n.*DATABASE_URL="mysql:\/\/db\/vigie".*\n.*LOG_LEVEL="loud"/);
  });

  it('names the allowed values of a variable that takes one of a list', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrowError(
      'LOG_LEVEL="loud": must be one of: fatal, error, warn, info, debug, trace, silent',
    );
  });
});
