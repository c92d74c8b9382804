import { describe, expect, it } from 'vitest';
import { describeValidation, type ValidationIssue } from './validation-message.ts';

const literal = (index: number, value: string): ValidationIssue => ({
  keyword: 'const',
  instancePath: '/order',
  schemaPath: `#/properties/order/anyOf/${index}/const`,
  params: { allowedValue: value },
  message: 'must be equal to constant',
});
const anyOf: ValidationIssue = {
  keyword: 'anyOf',
  instancePath: '/order',
  schemaPath: '#/properties/order/anyOf',
  params: {},
  message: 'must match a schema in anyOf',
};

describe('describeValidation', () => {
  it('says a union of literals as its values even where the schema cannot be read', () => {
    const issues = [literal(0, 'oldest'), literal(1, 'newest'), anyOf];
    expect(describeValidation(issues, { dataVar: 'querystring', schema: undefined, data: {} })).toBe(
      'querystring/order must be one of: oldest, newest',
    );
  });

  it('names the values of an enum, and says each problem once', () => {
    const issue: ValidationIssue = {
      keyword: 'enum',
      instancePath: '/level',
      schemaPath: '#/properties/level/enum',
      params: { allowedValues: ['error', 'warning'] },
      message: 'must be equal to one of the allowed values',
    };
    expect(describeValidation([issue, issue], { dataVar: 'body', schema: {}, data: {} })).toBe(
      'body/level must be one of: error, warning',
    );
  });
});
