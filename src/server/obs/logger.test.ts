import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { runWithRequestContext } from './request-context';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}

describe('logger', () => {
  it('writes JSON lines carrying the request id and tenant of the current context', () => {
    const { lines, logger } = capture();
    logger.level = 'info';
    runWithRequestContext({ requestId: 'req-abc-123', tenantId: 't-1' }, () =>
      logger.info({ step: 1 }, 'hello'),
    );
    expect(lines[0]).toMatchObject({
      requestId: 'req-abc-123',
      tenantId: 't-1',
      step: 1,
      msg: 'hello',
    });
  });

  it('redacts phone numbers, emails, tokens and Authorization headers', () => {
    const { lines, logger } = capture();
    logger.level = 'info';
    logger.info(
      {
        headers: { authorization: 'Bearer sbt_secretsecretsecret' },
        to: '+447700900123',
        email: 'jane@example.com',
        token: 'x',
      },
      'texting +447700900123 for jane@example.com',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['7700900123', 'jane@', 'sbt_secretsecretsecret', 'Bearer sbt'])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      headers: { authorization: '[redacted]' },
      token: '[redacted]',
    });
  });
});
