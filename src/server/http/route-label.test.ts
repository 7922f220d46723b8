import { describe, expect, it } from 'vitest';
import { routeLabel } from './route-label';

describe('routeLabel', () => {
  it('keeps the label set bounded', () => {
    expect(routeLabel('/api/trpc/me.get', 200)).toBe('/api/trpc/me.get');
    expect(routeLabel('/api/trpc/me.get,ops.health', 200)).toBe('/api/trpc/(batch)');
    expect(routeLabel('/api/webhooks/stripe/9a3c0c0e-1111-4222-8333-444455556666', 200)).toBe(
      '/api/webhooks/stripe/[connection]',
    );
    expect(routeLabel('/_next/static/chunks/abc.js', 200)).toBe('/_next/*');
    expect(routeLabel('/api/v1/tts/audio/v1.eJyrVkpU.x-Y_zz', 200)).toBe(
      '/api/v1/tts/audio/[token]',
    );
    expect(routeLabel('/campaigns/9a3c0c0e-1111-4222-8333-444455556666', 200)).toBe(
      '/campaigns/[id]',
    );
    expect(routeLabel('/random/attacker/path', 404)).toBe('(unmatched)');
    expect(routeLabel('/wp-admin', 200)).toBe('(other)');
    expect(routeLabel('/ready', 503)).toBe('/ready');
  });
});
