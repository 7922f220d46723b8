import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, clientIp } from './client-ip';

describe('clientIp', () => {
  it('reads the address the edge stamped, never the forwarding headers a sender writes', () => {
    expect(clientIp(new Headers({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '::1' }))).toBe(
      'unknown',
    );
    expect(clientIp(new Headers())).toBe('unknown');
  });

  it('keeps only address characters, bounded', () => {
    expect(clientIp(new Headers({ [CLIENT_ADDRESS_HEADER]: '1.2.3.4 <script>' }))).toBe('1.2.3.4c');
    expect(clientIp(new Headers({ [CLIENT_ADDRESS_HEADER]: 'zzz' }))).toBe('unknown');
    expect(clientIp(new Headers({ [CLIENT_ADDRESS_HEADER]: 'a'.repeat(100) })).length).toBe(45);
  });
});
