// What actually leaves the process: Sentry pointed at a local collector receives the worker's
// dead-letter report tagged with the process and task, with every phone number, e-mail and token
// scrubbed, in the event and in its breadcrumbs.
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import * as Sentry from '@sentry/nextjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureException, initSentry } from '../../src/server/obs/sentry';

let server: Server;
const envelopes: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const gzipped = req.headers['content-encoding'] === 'gzip';
      envelopes.push((gzipped ? gunzipSync(body) : body).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await Sentry.close(2_000);
  await new Promise((resolve) => server.close(resolve));
});

describe('Sentry in the worker', () => {
  it('sends a scrubbed event tagged with the process and the task', async () => {
    const { port } = server.address() as AddressInfo;
    expect(initSentry(`http://publickey@127.0.0.1:${port}/1`, 'worker')).toBe(true);
    Sentry.addBreadcrumb({ message: 'sms to +447700900123 for jane@example.com' });
    captureException(
      new Error('send failed for +447700900123 (jane@example.com, sbt_abcdefgh1234)'),
      {
        task: 'campaign.send-batch',
      },
    );
    await Sentry.flush(5_000);
    const sent = envelopes.join('\n');
    expect(sent).toContain('"process":"worker"');
    expect(sent).toContain('"task":"campaign.send-batch"');
    expect(sent).toContain('send failed for');
    for (const secret of ['7700900123', 'jane@', 'sbt_abcdefgh1234'])
      expect(sent).not.toContain(secret);
  });
});
