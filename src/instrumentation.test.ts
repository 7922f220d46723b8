import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from './server/obs/logger';
import { register } from './instrumentation';

const original = { error: console.error, warn: console.warn };
afterEach(() => {
  console.error = original.error;
  console.warn = original.warn;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('instrumentation register', () => {
  it('sends what Next prints with console.error through the redacting logger', async () => {
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('SENTRY_DSN', '');
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    await register();
    const error = new Error('invalid input syntax for type json: {"to":"+4915112345678"}');
    console.error(' ⨯', error);
    expect(logged).toHaveBeenCalledWith({ err: error }, '⨯');
    console.error('plain text', { to: '+4915112345678' });
    expect(logged).toHaveBeenLastCalledWith({}, "plain text { to: '+4915112345678' }");
  });

  it('leaves the console alone outside the Node.js server runtime and in development', async () => {
    vi.stubEnv('NEXT_RUNTIME', 'edge');
    await register();
    expect(console.error).toBe(original.error);
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('SENTRY_DSN', '');
    await register();
    expect(console.error).toBe(original.error);
  });
});
