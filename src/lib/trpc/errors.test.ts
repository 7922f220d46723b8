import { describe, expect, it } from 'vitest';
import { describeError, retryUnlessClientError } from './errors';

describe('describeError', () => {
  it('turns zod field errors into field sentences and never shows the JSON message', () => {
    const error = {
      message: '[{"code":"too_big","path":["name"],"message":"at most 80 characters"}]',
      data: { httpStatus: 400, fieldErrors: { name: ['at most 80 characters'] } },
    };
    expect(describeError(error, { name: 'Token name' })).toEqual({
      fields: { name: 'At most 80 characters.' },
      sentence: 'Please correct Token name: At most 80 characters.',
    });
  });

  it('keeps a domain sentence; replaces a JSON one without fields by a plain sentence', () => {
    expect(
      describeError({ message: 'not enough credits', data: { httpStatus: 409 } }).sentence,
    ).toBe('not enough credits');
    expect(
      describeError({ message: '[{"code":"custom"}]', data: { httpStatus: 400 } }).sentence,
    ).toBe('The request was refused; please check what you entered.');
  });

  it('retries only what is not a 4xx, once', () => {
    expect(retryUnlessClientError(0, { data: { httpStatus: 400 } })).toBe(false);
    expect(retryUnlessClientError(0, { data: { httpStatus: 502 } })).toBe(true);
    expect(retryUnlessClientError(1, new Error('network'))).toBe(false);
  });
});
