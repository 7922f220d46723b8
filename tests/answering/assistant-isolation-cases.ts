// Cross-tenant cases for assistant.* (tests/tenant-isolation.test.ts): tenant B asks the question
// tenant A's knowledge answers and never hears A's article; what B's calls record (the answer,
// the audit entries) is B's alone.
import { expect } from 'vitest';
import { withTenantTx } from '../../src/server/db/tx';
import { systemActor } from '../../src/server/domain/audit/actor';
import { createArticle } from '../../src/server/domain/answering';
import { callerFor, ownerQuery, type TestTenant } from '../helpers/fixtures';

type Tenants = () => { a: TestTenant; b: TestTenant };

export function assistantIsolationCases(tenants: Tenants): Record<string, () => Promise<void>> {
  let aArticle: Promise<string> | undefined;
  const aArticleId = () =>
    (aArticle ??= withTenantTx(tenants().a.tenantId, async (tx) => {
      const article = await createArticle(tx, {
        actor: systemActor(tenants().a.tenantId),
        language: 'en',
        title: 'Tenant A parking',
        body: 'Tenant A secret: park behind the blue warehouse.',
        tags: [],
        enabled: true,
      });
      return article.id;
    }));
  const asB = () => callerFor(tenants().b.owner);
  const tenantOfAudit = (action: string, actorId: string) =>
    ownerQuery<{ tenant_id: string }>(
      'SELECT tenant_id FROM audit_entries WHERE action = $1 AND actor_id = $2',
      [action, actorId],
    );
  return {
    'assistant.text': async () => {
      const articleId = await aArticleId();
      const question = { text: 'Where can I park?', language: 'en' as const };
      const answer = await asB().assistant.text(question);
      expect(answer.known).toBe(false);
      expect(answer.sources.map((s) => s.articleId)).not.toContain(articleId);
      expect(answer.text).not.toContain('warehouse');
      const [record] = await ownerQuery<{ tenant_id: string }>(
        'SELECT tenant_id FROM answer_records WHERE id = $1',
        [answer.id],
      );
      expect(record?.tenant_id).toBe(tenants().b.tenantId);
      // A's owner asking the same question does get A's article: the case is not passing
      // because nothing can be found.
      const own = await callerFor(tenants().a.owner).assistant.text(question);
      expect(own.sources[0]?.articleId).toBe(articleId);
      const audited = await tenantOfAudit('assistant.question_answered', tenants().b.owner.userId);
      expect(audited.map((r) => r.tenant_id)).toEqual([tenants().b.tenantId]);
    },
    'assistant.tts': async () => {
      const clip = await asB().assistant.tts({ input: 'Hello.', voice: 'alloy', model: 'tts-1' });
      expect(clip.contentType).toBe('audio/wav');
      const audited = await tenantOfAudit('assistant.speech_made', tenants().b.owner.userId);
      expect(audited.map((r) => r.tenant_id)).toEqual([tenants().b.tenantId]);
    },
  };
}
