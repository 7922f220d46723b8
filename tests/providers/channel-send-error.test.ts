import { describe, expect, it } from 'vitest';
import { ChannelSendError, kindForHttpStatus } from '../../src/server/providers/channel-send-error';

describe('ChannelSendError', () => {
  it('keeps kind, provider code and HTTP status', () => {
    const error = new ChannelSendError('rejected', '131026', 'Message undeliverable', 400);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ChannelSendError');
    expect([error.kind, error.code, error.httpStatus, error.message]).toEqual([
      'rejected',
      '131026',
      400,
      'Message undeliverable',
    ]);
    expect(new ChannelSendError('in-doubt', null, 'timeout').httpStatus).toBeNull();
  });

  it('maps 4xx to rejected, 5xx and 429 to retryable', () => {
    expect([400, 401, 404, 422].map(kindForHttpStatus)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    expect([429, 500, 502, 503].map(kindForHttpStatus)).toEqual([
      'retryable',
      'retryable',
      'retryable',
      'retryable',
    ]);
  });
});
