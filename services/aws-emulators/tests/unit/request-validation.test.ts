import { z } from 'zod';
import { awsEnum, awsInteger, awsString, queryInteger } from '../../src/edge/aws-shapes';
import { IOT_VALIDATION, SSM_VALIDATION, parseRequest } from '../../src/edge/request-validation';

const schema = z.object({
  Name: awsString({ min: 1, max: 5, pattern: '[a-z]+' }),
  MaxResults: awsInteger({ min: 1, max: 10 }).optional(),
  Type: awsEnum(['String', 'StringList']).optional(),
});

function failure(input: unknown, errors = SSM_VALIDATION) {
  try {
    parseRequest(schema, input, errors);
  } catch (err) {
    return err as { errorType: string; message: string; status: number };
  }
  throw new Error('expected a validation failure');
}

describe('parseRequest', () => {
  it('returns the parsed request and drops members it does not model', () => {
    expect(parseRequest(schema, { Name: 'abc', Extra: 1 }, SSM_VALIDATION)).toEqual({
      Name: 'abc',
    });
  });

  it('words a broken constraint as AWS does', () => {
    expect(failure({ Name: 'abc', MaxResults: 11 })).toEqual(
      expect.objectContaining({
        errorType: 'ValidationException',
        status: 400,
        message:
          "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      }),
    );
  });

  it('counts several failures and names a missing member as null', () => {
    const error = failure({ MaxResults: 0 });
    expect(error.message).toMatch(/^2 validation errors detected: /);
    expect(error.message).toContain(
      "Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    expect(error.message).toContain('Member must have value greater than or equal to 1');
  });

  it('reports patterns, lengths and enums', () => {
    expect(failure({ Name: 'ABC' }).message).toContain(
      'Member must satisfy regular expression pattern: [a-z]+',
    );
    expect(failure({ Name: 'abcdef' }).message).toContain(
      'Member must have length less than or equal to 5',
    );
    expect(failure({ Name: 'a', Type: 'Number' }).message).toContain(
      'Member must satisfy enum value set: [String, StringList]',
    );
  });

  it('names a bad map key and the constraint it breaks', () => {
    const map = z.object({ attributes: z.record(awsString({ pattern: '[a-z]+' }), z.string()) });
    expect(() => parseRequest(map, { attributes: { 'my key': 'v' } }, IOT_VALIDATION)).toThrow(
      "1 validation error detected: Value 'my key' at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-z]+]",
    );
  });

  it('answers a member of the wrong JSON type with the type-mismatch error', () => {
    expect(failure({ Name: 5 }).errorType).toBe('SerializationException');
    expect(failure({ Name: 5 }, IOT_VALIDATION).errorType).toBe('InvalidRequestException');
    expect(failure('not an object').errorType).toBe('SerializationException');
  });

  it('reads integers from query strings', () => {
    const query = z.object({ maxResults: queryInteger({ min: 1, max: 250 }) });
    expect(parseRequest(query, { maxResults: '250' }, IOT_VALIDATION)).toEqual({ maxResults: 250 });
    expect(() => parseRequest(query, { maxResults: '251' }, IOT_VALIDATION)).toThrow(
      /less than or equal to 250/,
    );
    expect(() => parseRequest(query, { maxResults: 'ten' }, IOT_VALIDATION)).toThrow(
      /Member must be an integer/,
    );
  });
});
