import { describe, expect, it } from 'vitest';
import { objectLink } from './object-link';

const id = '3f2a9c1b-0000-4000-8000-000000000001';

describe('objectLink', () => {
  it('links an object to its page, labelled by kind and short id', () => {
    expect(objectLink(`campaign:${id}`, 'campaign.created')).toEqual({
      label: 'Campaign 3f2a9c1b',
      href: `/campaigns/${id}`,
    });
    expect(objectLink(`webhook_event:${id}`, 'webhook.replayed').href).toBe('/operations/webhooks');
    expect(objectLink(`dead-letter:${id}`, 'jobs.dead_letter.retried').href).toBe(
      '/operations/dead-letters',
    );
    expect(objectLink(`contact:${id}`, 'contact.opted_out').href).toBe('/campaigns/contacts');
    expect(objectLink(`webhook_connection:${id}`, 'webhook_connection.rotated').href).toBe(
      '/settings/webhooks',
    );
  });

  it('links a whole area by its bare kind', () => {
    expect(objectLink('dead-letters', 'jobs.dead_letter.bulk_retried')).toEqual({
      label: 'Dead letters',
      href: '/operations/dead-letters',
    });
  });

  it('leaves deleted objects, kinds without a page and unknown subjects unlinked', () => {
    expect(objectLink(`campaign:${id}`, 'campaign.deleted')).toEqual({
      label: 'Campaign 3f2a9c1b',
      href: null,
    });
    expect(objectLink(`user:${id}`, 'member.added').href).toBeNull();
    expect(objectLink('test:1', 'test.appended')).toEqual({ label: 'test:1', href: null });
  });
});
