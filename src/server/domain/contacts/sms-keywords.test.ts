import { describe, expect, it } from 'vitest';
import { classifySmsKeyword } from './sms-keywords';

describe('classifySmsKeyword', () => {
  it('recognises every opt-out keyword, case-insensitive and trimmed', () => {
    for (const word of [
      'STOP',
      'stop',
      ' Stop ',
      'STOPALL',
      'unsubscribe',
      'Cancel',
      'END',
      'quit',
      'STOP.',
      'stop!\n',
    ]) {
      expect(classifySmsKeyword(word)).toBe('opt-out');
    }
  });

  it('recognises opt-in keywords', () => {
    for (const word of ['START', 'start', 'UNSTOP', ' yes '])
      expect(classifySmsKeyword(word)).toBe('opt-in');
  });

  it('ignores messages that merely contain a keyword', () => {
    for (const body of [
      'please stop',
      'STOP IT',
      'stopp',
      '',
      null,
      undefined,
      'HELP',
      'yes please',
    ])
      expect(classifySmsKeyword(body)).toBeNull();
  });
});
