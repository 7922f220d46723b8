import { describe, expect, it } from 'vitest';
import { fieldMessagesOf, formSentenceOf, nestFields } from './field-messages';

const zodMessage = JSON.stringify([
  { code: 'custom', path: ['contact', 'phone'], message: 'not a valid phone number' },
  { code: 'too_big', path: ['notes'], message: 'at most 2000 characters' },
]);

describe('field messages of a refused form', () => {
  it('names nested fields by their whole path, as sentences', () => {
    const error = {
      message: zodMessage,
      data: { httpStatus: 400, fieldErrors: { contact: ['not a valid phone number'] } },
    };
    expect(fieldMessagesOf(error)).toEqual({
      'contact.phone': 'Not a valid phone number.',
      notes: 'At most 2000 characters.',
    });
    const fields = fieldMessagesOf(error);
    expect(formSentenceOf(error, fields, ['contact.phone', 'notes'])).toBeNull();
    expect(formSentenceOf(error, fields, ['contact.phone'], { notes: 'Notes' })).toBe(
      'Notes: At most 2000 characters.',
    );
  });

  it("takes a domain error's field details, and its sentence when no field is named", () => {
    expect(
      fieldMessagesOf({
        message: 'a contact with this phone exists',
        data: { httpStatus: 409, details: { fieldErrors: { phone: ['already a contact'] } } },
      }),
    ).toEqual({ phone: 'Already a contact.' });
    const busy = { message: 'the rep is busy', data: { httpStatus: 409 } };
    expect(formSentenceOf(busy, fieldMessagesOf(busy), ['startsAt'])).toBe('the rep is busy');
    expect(fieldMessagesOf(null)).toEqual({});
  });

  it("puts a nested form's prefix back on the fields a domain error names", () => {
    expect(nestFields({ phone: 'Taken.', source: 'Bad.' }, 'contact', ['phone', 'email'])).toEqual({
      'contact.phone': 'Taken.',
      source: 'Bad.',
    });
  });
});
