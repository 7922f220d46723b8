// Console sessions on the server side: the JWT in the cookie names one by its sid claim, and a
// request is signed in only while that row is open. A stateless JWT alone would stay valid until
// it expires, so a cookie copied before sign-out would go on working after it.
import type { Tx } from '../../db/tx';

export async function createSession(
  tx: Tx,
  input: { tenantId: string; userId: string; maxAgeSeconds: number },
): Promise<string> {
  const row = await tx.session.create({
    data: {
      tenantId: input.tenantId,
      userId: input.userId,
      expiresAt: new Date(Date.now() + input.maxAgeSeconds * 1000),
    },
    select: { id: true },
  });
  return row.id;
}

/** Open: not revoked, not expired, and the person's and workspace's own (one indexed lookup). */
export async function isSessionOpen(
  tx: Tx,
  input: { sessionId: string; tenantId: string; userId: string },
): Promise<boolean> {
  const found = await tx.session.findFirst({
    where: {
      id: input.sessionId,
      tenantId: input.tenantId,
      userId: input.userId,
      revokedAt: null,
      expiresAt: { gt: new Date() },
    },
    select: { id: true },
  });
  return found !== null;
}

/** Sign-out. Revoking an already revoked session changes nothing. */
export async function revokeSession(tx: Tx, input: { sessionId: string }): Promise<boolean> {
  const { count } = await tx.session.updateMany({
    where: { id: input.sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

/** A member removed from a workspace: every open session of theirs there ends. */
export async function revokeSessionsOf(
  tx: Tx,
  input: { tenantId: string; userId: string },
): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { tenantId: input.tenantId, userId: input.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
