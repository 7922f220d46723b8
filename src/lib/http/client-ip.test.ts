import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

describe('clientIp', () => {
  it('takes the first X-Forwarded-For entry, then X-Real-IP', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }))).toBe(
      '203.0.113.7',
    );
    expect(clientIp(new Headers({ 'x-real-ip': ' 2001:db8::1 ' }))).toBe('2001:db8::1');
    expect(clientIp(new Headers())).toBe('unknown');
  });

  it('keeps only address characters, bounded', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.2.3.4 <script>' }))).toBe('1.2.3.4c');
    expect(clientIp(new Headers({ 'x-forwarded-for': 'zzz' }))).toBe('unknown');
    expect(clientIp(new Headers({ 'x-forwarded-for': 'a'.repeat(100) })).length).toBe(45);
  });
});
