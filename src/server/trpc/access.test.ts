import { describe, expect, it } from 'vitest';
import type { Role } from '../db/generated/enums';
import { accessRefusal } from './access';

const as = (role: Role) => ({ kind: 'token' as const, userId: 'u', tenantId: 't', role });

describe('accessRefusal', () => {
  it('401 without a principal, with the resolver’s reason when there is one', () => {
    expect(accessRefusal(null, 'authed')?.code).toBe('UNAUTHORIZED');
    expect(accessRefusal(null, 'staff', { authError: 'invalid or revoked API token' })).toEqual({
      code: 'UNAUTHORIZED',
      message: 'invalid or revoked API token',
    });
  });

  it('staff: every role but REP; admin: OWNER and ADMIN', () => {
    const allowed = (tier: 'staff' | 'admin') =>
      (['OWNER', 'ADMIN', 'STAFF', 'REP'] as const).filter((r) => !accessRefusal(as(r), tier));
    expect(allowed('staff')).toEqual(['OWNER', 'ADMIN', 'STAFF']);
    expect(allowed('admin')).toEqual(['OWNER', 'ADMIN']);
    expect(accessRefusal(as('REP'), 'authed')).toBeNull();
    expect(accessRefusal(as('STAFF'), 'admin')).toEqual({
      code: 'FORBIDDEN',
      message: 'this action needs the OWNER or ADMIN role',
    });
  });
});
