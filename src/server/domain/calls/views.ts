// Calls as the console reads them: a list with masked callers, and one call with its transcript
// and status timeline. Numbers are masked here, on the server, so no full caller number reaches
// a list (the detail shows it to staff like a contact's).
import type { Tx } from '../../db/tx';
import { NotFoundError } from '../errors';
import { maskPhone } from '@/lib/schemas/phone-mask';
import { z } from 'zod';

export const listCallsInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.uuid().optional(),
  })
  .default({ limit: 50 });
export type ListCallsInput = z.output<typeof listCallsInput>;

const mask = (phone: string | null) => (phone ? maskPhone(phone, { style: 'display' }) : null);

export async function listCalls(tx: Tx, filter: ListCallsInput) {
  const rows = await tx.call.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      status: true,
      outcome: true,
      durationSeconds: true,
      fromPhone: true,
      createdAt: true,
      line: { select: { id: true, label: true } },
    },
  });
  const items = rows.slice(0, filter.limit).map(({ fromPhone, ...call }) => ({
    ...call,
    caller: mask(fromPhone),
  }));
  return {
    items,
    nextCursor: rows.length > filter.limit ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function getCall(tx: Tx, { id }: { id: string }) {
  const call = await tx.call.findUnique({
    where: { id },
    select: {
      id: true,
      callSid: true,
      status: true,
      outcome: true,
      direction: true,
      fromPhone: true,
      toPhone: true,
      answeredAt: true,
      endedAt: true,
      durationSeconds: true,
      recordingUrl: true,
      recordingSeconds: true,
      createdAt: true,
      line: { select: { id: true, label: true, language: true } },
      turns: {
        orderBy: { turn: 'asc' },
        select: {
          turn: true,
          callerText: true,
          digits: true,
          confidence: true,
          status: true,
          answerText: true,
          sources: true,
          answerer: true,
          fellBack: true,
          latencyMs: true,
          held: true,
          createdAt: true,
        },
      },
      statusEvents: {
        orderBy: [{ sequenceNumber: 'asc' }, { occurredAt: 'asc' }],
        select: { sequenceNumber: true, status: true, occurredAt: true, source: true },
      },
    },
  });
  if (!call) throw new NotFoundError('call not found');
  return call;
}
