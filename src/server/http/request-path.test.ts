import { describe, expect, it } from 'vitest';
import { requestPath } from './request-path';

describe('requestPath', () => {
  it('is the pathname of the target, and "/" for a target URL cannot read', () => {
    expect(requestPath('/api/trpc/me.get?input=%7B%7D')).toBe('/api/trpc/me.get');
    expect(requestPath(undefined)).toBe('/');
    for (const hostile of ['//[', 'http://[', '//a:b:c', 'http://%zz']) {
      expect(() => new URL(hostile, 'http://local')).toThrow();
      expect(requestPath(hostile)).toBe('/');
    }
  });
});
