// Shared by the recordings tests: a visit (contact, lead, appointment, optional active assignment)
// written straight to the tables as the appointments domain would, Idempotency-Keys, the upload
// route over a real Request, and sessions as stored.
import { createHash, randomBytes } from 'node:crypto';
import { withTenantTx } from '../../src/server/db/tx';
import { POST as audioRoute } from '../../src/app/api/v1/recordings/[sessionId]/audio/route';
import type { Principal } from '../../src/server/domain/auth/principal';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

export type Visit = { appointmentId: string; leadId: string; contactId: string; startsAt: Date };

let slot = 0;
/** Distinct hour-long slots from 2026-12-08 08:00 UTC on, so no rep is ever double-booked. */
export function nextSlot(): { startsAt: Date; endsAt: Date } {
  const startsAt = new Date(Date.UTC(2026, 11, 8, 8) + slot++ * 3_600_000);
  return { startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) };
}

export async function createVisit(
  tenant: TestTenant,
  options: {
    repId?: string | null;
    consent?: 'GRANTED' | 'WITHDRAWN' | 'UNKNOWN';
    startsAt?: Date;
    endsAt?: Date;
    name?: string;
  } = {},
): Promise<Visit> {
  const times = options.startsAt
    ? {
        startsAt: options.startsAt,
        endsAt: options.endsAt ?? new Date(options.startsAt.getTime() + 3_600_000),
      }
    : nextSlot();
  const consent = options.consent ?? 'GRANTED';
  return withTenantTx(tenant.tenantId, async (tx) => {
    const contact = await tx.contact.create({
      data: {
        tenantId: tenant.tenantId,
        phone: `+4916${Math.floor(100000000 + Math.random() * 899999999)}`,
        name: options.name ?? 'Visited Person',
      },
      select: { id: true },
    });
    const lead = await tx.lead.create({
      data: {
        tenantId: tenant.tenantId,
        contactId: contact.id,
        source: 'WEB',
        status: 'APPOINTMENT_SET',
        recordingConsent: consent,
        recordingConsentAt: consent === 'UNKNOWN' ? null : new Date(),
      },
      select: { id: true },
    });
    const appointment = await tx.appointment.create({
      data: {
        tenantId: tenant.tenantId,
        leadId: lead.id,
        ...times,
        address: '12 Door Street',
        status: options.repId ? 'ASSIGNED' : 'SCHEDULED',
      },
      select: { id: true },
    });
    if (options.repId)
      await tx.appointmentAssignment.create({
        data: {
          tenantId: tenant.tenantId,
          appointmentId: appointment.id,
          ...times,
          repId: options.repId,
          assignedById: tenant.owner.userId,
        },
      });
    return {
      appointmentId: appointment.id,
      leadId: lead.id,
      contactId: contact.id,
      startsAt: times.startsAt,
    };
  });
}

export const newKey = () => `rec-${randomBytes(8).toString('hex')}`;
/** A caller sending an Idempotency-Key (a fresh one unless given). */
export const withKey = (principal: Principal, key = newKey()) =>
  callerFor(principal, { 'idempotency-key': key });

export type SessionRow = {
  id: string;
  tenant_id: string;
  appointment_id: string;
  rep_id: string;
  status: string;
  ended_reason: string | null;
  audio_key: string | null;
  audio_size_bytes: number | null;
  audio_content_type: string | null;
  audio_sha256: string | null;
  audio_duration_ms: number | null;
  stopped_at: Date | null;
};

export function sessionsOf(appointmentId: string): Promise<SessionRow[]> {
  return ownerQuery<SessionRow>(
    `SELECT id, tenant_id, appointment_id, rep_id, status::text AS status, ended_reason, audio_key,
            audio_size_bytes, audio_content_type, audio_sha256, audio_duration_ms, stopped_at
       FROM recording_sessions WHERE appointment_id = $1 ORDER BY created_at, id`,
    [appointmentId],
  );
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small valid WAV file: `ms` of 8 kHz 8-bit mono silence. */
export function wavBytes(ms = 200): Uint8Array {
  const samples = Math.round((8000 * ms) / 1000);
  const buffer = Buffer.alloc(44 + samples, 0x80);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVEfmt ', 8, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(8000, 24);
  buffer.writeUInt32LE(8000, 28);
  buffer.writeUInt16LE(1, 32);
  buffer.writeUInt16LE(8, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples, 40);
  return new Uint8Array(buffer);
}

/** POST /api/v1/recordings/<id>/audio through the route handler, as a phone sends it. */
export function uploadAudio(
  sessionId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  options: { token?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'audio/wav',
    ...options.headers,
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return audioRoute(
    new Request(`http://switchboard.test/api/v1/recordings/${sessionId}/audio`, {
      method: 'POST',
      headers,
      body,
      duplex: 'half',
    } as RequestInit),
    { params: Promise.resolve({ sessionId }) },
  );
}
