// The database keeps field sales' rules by itself, whatever the code above it does: a rep cannot
// hold two overlapping live appointments (exclusion constraint, 23P01) even when the inserts race
// on separate connections, back-to-back slots are fine, an ended assignment frees the slot, a
// reschedule is re-checked (the range follows by ON UPDATE CASCADE), and an appointment has one
// active assignment and one active recording session at most.
import { describe, expect, it } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { addPerson, createTenant, type TestTenant } from '../helpers/fixtures';

async function newAppointment(tenant: TestTenant, startsAt: string, endsAt: string) {
  return withTenantTx(tenant.tenantId, async (tx) => {
    const contact = await tx.contact.create({
      data: {
        tenantId: tenant.tenantId,
        phone: `+4915${Math.floor(100000000 + Math.random() * 899999999)}`,
      },
      select: { id: true },
    });
    const lead = await tx.lead.create({
      data: { tenantId: tenant.tenantId, contactId: contact.id, source: 'WEB' },
      select: { id: true },
    });
    return tx.appointment.create({
      data: {
        tenantId: tenant.tenantId,
        leadId: lead.id,
        startsAt: new Date(startsAt),
        endsAt: new Date(endsAt),
        address: '1 Main Street',
      },
      select: { id: true, startsAt: true, endsAt: true },
    });
  });
}

type Slot = { id: string; startsAt: Date; endsAt: Date };
const assign = (tenant: TestTenant, slot: Slot, repId: string) =>
  withTenantTx(tenant.tenantId, (tx) =>
    tx.appointmentAssignment.create({
      data: {
        tenantId: tenant.tenantId,
        appointmentId: slot.id,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        repId,
      },
      select: { id: true },
    }),
  );

describe('field sales database rules', () => {
  it('20 racing assignments of overlapping appointments to one rep: exactly one is stored', async () => {
    const tenant = await createTenant();
    const rep = await addPerson(tenant, 'REP');
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        newAppointment(
          tenant,
          `2026-12-10T10:${String(i).padStart(2, '0')}:00Z`,
          `2026-12-10T11:${String(i).padStart(2, '0')}:00Z`,
        ),
      ),
    );
    const results = await Promise.allSettled(slots.map((s) => assign(tenant, s, rep.userId)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.length - refused.length).toBe(1);
    for (const r of refused)
      expect(String(r.reason)).toMatch(/appointment_assignments_rep_no_overlap/);
    const stored = await withTenantTx(tenant.tenantId, (tx) =>
      tx.appointmentAssignment.count({ where: { repId: rep.userId, active: true } }),
    );
    expect(stored).toBe(1);
  });

  it('allows back-to-back slots and frees a slot when the assignment ends', async () => {
    const tenant = await createTenant();
    const rep = await addPerson(tenant, 'REP');
    const first = await newAppointment(tenant, '2026-12-10T10:00:00Z', '2026-12-10T11:00:00Z');
    const next = await newAppointment(tenant, '2026-12-10T11:00:00Z', '2026-12-10T12:00:00Z');
    const overlapping = await newAppointment(
      tenant,
      '2026-12-10T10:30:00Z',
      '2026-12-10T11:00:00Z',
    );
    const held = await assign(tenant, first, rep.userId);
    await assign(tenant, next, rep.userId);
    await expect(assign(tenant, overlapping, rep.userId)).rejects.toThrow(/rep_no_overlap/);
    await withTenantTx(tenant.tenantId, (tx) =>
      tx.appointmentAssignment.update({
        where: { id: held.id },
        data: { active: false, endedAt: new Date(), endReason: 'CANCELLED' },
      }),
    );
    await expect(assign(tenant, overlapping, rep.userId)).resolves.toBeTruthy();
  });

  it('re-checks a reschedule: the range follows by cascade and a new overlap is refused', async () => {
    const tenant = await createTenant();
    const rep = await addPerson(tenant, 'REP');
    const a = await newAppointment(tenant, '2026-12-10T10:00:00Z', '2026-12-10T11:00:00Z');
    const b = await newAppointment(tenant, '2026-12-10T12:00:00Z', '2026-12-10T13:00:00Z');
    await assign(tenant, a, rep.userId);
    await assign(tenant, b, rep.userId);
    await expect(
      withTenantTx(tenant.tenantId, (tx) =>
        tx.appointment.update({
          where: { id: b.id },
          data: { startsAt: new Date('2026-12-10T10:30:00Z') },
        }),
      ),
    ).rejects.toThrow(/rep_no_overlap/);
    await withTenantTx(tenant.tenantId, (tx) =>
      tx.appointment.update({
        where: { id: b.id },
        data: { startsAt: new Date('2026-12-10T11:00:00Z') },
      }),
    );
    const moved = await withTenantTx(tenant.tenantId, (tx) =>
      tx.appointmentAssignment.findFirstOrThrow({ where: { appointmentId: b.id } }),
    );
    expect(moved.startsAt.toISOString()).toBe('2026-12-10T11:00:00.000Z');
  });

  it('keeps one active assignment and one active recording per appointment', async () => {
    const tenant = await createTenant();
    const rep = await addPerson(tenant, 'REP');
    const other = await addPerson(tenant, 'REP');
    const slot = await newAppointment(tenant, '2026-12-10T10:00:00Z', '2026-12-10T11:00:00Z');
    await assign(tenant, slot, rep.userId);
    await expect(assign(tenant, slot, other.userId)).rejects.toThrow(
      /appointment_assignments_one_active|Unique constraint/,
    );
    const starts = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        withTenantTx(tenant.tenantId, (tx) =>
          tx.recordingSession.create({
            data: { tenantId: tenant.tenantId, appointmentId: slot.id, repId: rep.userId },
          }),
        ),
      ),
    );
    expect(starts.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    const stored = await withTenantTx(tenant.tenantId, (tx) =>
      tx.recordingSession.count({ where: { appointmentId: slot.id } }),
    );
    expect(stored).toBe(1);
  });
});
