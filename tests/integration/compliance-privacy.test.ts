/**
 * Privacy settings and the records a compliance officer shows an inspector: cross-border transfer
 * cannot be switched on without an approved impact assessment (frozen in the database once
 * decided) and is counted per year against the legal thresholds; the retention job anonymises
 * what is past its period except under legal hold, previews without changing anything, and
 * records its runs; rep filing gates promotion; the processing register snapshots; the audit
 * viewer filters, pages, exports and finds the first edited entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as exportAudit } from '@/app/api/compliance/audit/export/route';
import { m0001Init } from '@/prisma-free-db/migrations/core/0001_init';
import { OutboundMessageSchema, PersonSchema, ProductSchema } from '@/server/db/entities';
import { mechanismFor } from '@/server/services/compliance/cross-border';
import { sensitiveFieldPolicy } from '@/server/services/compliance/privacy-settings';
import { snapshotRegister } from '@/server/services/compliance/register';
import { assertRepMayPromote } from '@/server/services/compliance/rep-filing';
import { runRetention } from '@/server/services/compliance/retention';
import { failureOf, forEachDatabase, signIn, type Caller, type TestDatabase } from '../support/db';
import { complianceCompany, insertPerson, publishNotice, type ComplianceCompany } from './compliance-fixtures';

const DAY = 86_400_000;

describe('cross-border thresholds (DOMAIN.md §5)', () => {
  it('names the mechanism the law requires for the year’s count', () => {
    expect(mechanismFor(0, 0)).toBe('none');
    expect(mechanismFor(99_999, 0)).toBe('none');
    expect(mechanismFor(100_000, 0)).toBe('standard_contract');
    expect(mechanismFor(5, 1)).toBe('standard_contract');
    expect(mechanismFor(999_999, 9_999)).toBe('standard_contract');
    expect(mechanismFor(1_000_000, 0)).toBe('security_assessment');
    expect(mechanismFor(20, 10_000)).toBe('security_assessment');
  });
});

/** Runs `fn` with audit_entry's append-only triggers out of the way (as a DBA could), then restores them. */
async function withoutAuditTriggers(db: TestDatabase, fn: () => Promise<void>): Promise<void> {
  if (db.driver === 'postgresql') {
    await db.superuserSql('alter table audit_entry disable trigger audit_entry_append_only');
    try {
      await fn();
    } finally {
      await db.superuserSql('alter table audit_entry enable trigger audit_entry_append_only');
    }
    return;
  }
  await db.sql('drop trigger audit_entry_no_update');
  try {
    await fn();
  } finally {
    await db.sql(m0001Init.up.sqlite.find((s) => s.includes('"audit_entry_no_update"'))!);
  }
}

forEachDatabase((db) => {
  let c: ComplianceCompany;
  let officer: Caller;

  beforeAll(async () => {
    c = await complianceCompany(`Privacy ${db.driver}`);
    officer = c.users.compliance.api;
  });

  it('cross-border transfer stays off without an approved assessment; transfers need the person’s separate consent naming the recipient', async () => {
    expect((await failureOf(officer.compliance.privacy.setCrossBorder({ enabled: true }))).appCode).toBe('ASSESSMENT_REQUIRED');
    const draft = {
      kind: 'cross_border' as const,
      title: '向瑞士总部传输医务人员联系信息',
      scope: '医务人员姓名、职称、所在医院与科室，用于全球医学事务协作',
      dataCategories: ['person'],
      recipient: 'Pharma AG',
      recipientCountry: '瑞士',
      risks: '境外接收方的数据安全能力；瑞士法律环境',
      measures: '标准合同；访问控制；加密传输；年度审计',
    };
    const { id } = await officer.compliance.assessments.create(draft);
    expect((await failureOf(officer.compliance.privacy.setCrossBorder({ enabled: true, assessmentId: id }))).appCode).toBe('ASSESSMENT_NOT_APPROVED');
    expect((await failureOf(officer.compliance.assessments.decide({ id, decision: 'rejected' }))).appCode).toBe('REASON_REQUIRED');
    await officer.compliance.assessments.decide({ id, decision: 'approved', note: '经合规委员会审议通过' });
    const approved = await officer.compliance.assessments.get({ id });
    expect(approved.retainUntil!.getUTCFullYear() - approved.approvedAt!.getUTCFullYear()).toBe(3);
    // Decided assessments are frozen and kept, below the application too.
    expect((await failureOf(officer.compliance.assessments.update({ id, ...draft, risks: '改写' }))).appCode).toBe('ASSESSMENT_DECIDED');
    await expect(db.sql(`update impact_assessment set risks = 'rewritten' where id = ?`, [id])).rejects.toThrow(/frozen/);
    await expect(db.sql(`delete from impact_assessment where id = ?`, [id])).rejects.toThrow(/kept/);

    const person = await insertPerson(c.tenantId, '彭华');
    const without = await insertPerson(c.tenantId, '胡军');
    expect((await failureOf(officer.compliance.crossBorder.record({ personIds: [person], recipient: 'Pharma AG', recipientCountry: '瑞士', dataCategories: ['person'], sensitive: false }))).appCode).toBe('CROSS_BORDER_DISABLED');
    await officer.compliance.privacy.setCrossBorder({ enabled: true, assessmentId: id });
    const notice = await publishNotice(officer, 'cross_border');
    await officer.compliance.consent.grant({ personId: person, items: [{ purpose: 'cross_border', channel: 'none' }], noticeIds: [notice], captureMethod: 'electronic', recipient: 'Pharma AG', recipientCountry: '瑞士' });
    const result = await officer.compliance.crossBorder.record({ personIds: [person, without], recipient: 'Pharma AG', recipientCountry: '瑞士', dataCategories: ['person'], sensitive: false });
    expect(result.recorded).toEqual([person]);
    expect(result.refused).toEqual([{ personId: without, reason: 'no_consent' }]);
    const stats = await officer.compliance.crossBorder.stats({ year: result.year });
    expect(stats).toMatchObject({ people: 1, sensitivePeople: 0, mechanism: 'none', enabled: true });
    expect(stats.byRecipient).toEqual([{ recipient: 'Pharma AG', recipientCountry: '瑞士', people: 1 }]);
    await expect(db.sql(`delete from cross_border_transfer where tenant_id = ?`, [c.tenantId])).rejects.toThrow(/append-only/);
    const register = await officer.compliance.register.current();
    expect(register.register.crossBorder).toMatchObject({ enabled: true, recipient: 'Pharma AG', recipientCountry: '瑞士' });
  });

  it('privacy settings: legal minimums hold, sensitive fields and unmask roles feed the masking policy', async () => {
    const view = await officer.compliance.privacy.get();
    const input = { ...view.settings } as Record<string, unknown>;
    delete input.crossBorder;
    const bad = await failureOf(officer.compliance.privacy.update({ ...input, retentionDays: { orders: 365 } } as never));
    expect(bad.appCode).toBe('INVALID_RETENTION');
    await officer.compliance.privacy.update({ ...input, sensitiveCoreFields: ['person.mobile'], sensitiveCustomFields: ['person.allergy_history'], unmaskRoles: ['compliance'], dsrDueDays: 10 } as never);
    const em = await db.em(c.tenantId);
    const policy = await sensitiveFieldPolicy(em);
    expect(policy.isSensitive('person', 'idNumber')).toBe(true); // always
    expect(policy.isSensitive('person', 'mobile')).toBe(true);
    expect(policy.isSensitive('person', 'birthday')).toBe(false);
    expect(policy.isSensitive('person', 'custom.allergy_history')).toBe(true);
    // "Roles that may unmask" is the role matrix's customers.unmask grant: one source for both pages.
    expect((await officer.compliance.privacy.get()).settings.unmaskRoles).toEqual(['compliance']);
    const matrix = await c.users.admin.api.admin.roles.matrix();
    const unmaskRow = matrix.permissions.find((p) => p.id === 'customers.unmask')!;
    expect(unmaskRow.grants.admin!.granted).toBe(false);
    expect(unmaskRow.grants.compliance!.granted).toBe(true);
    expect((await failureOf(c.users.admin.api.customers.unmask({ kind: 'person', id: await insertPerson(c.tenantId, '身份证号测试'), field: 'idNumber' }))).code).toBe('FORBIDDEN');
    const person = await insertPerson(c.tenantId, '姚明');
    const { dueAt } = await officer.compliance.dsr.create({ personId: person, type: 'access', receivedVia: 'email', requesterName: '姚明' });
    expect(Math.round((dueAt.getTime() - Date.now()) / DAY)).toBe(10);
    // Compliance changes compliance settings only; the admin can read but not change them.
    expect((await failureOf(c.users.admin.api.compliance.privacy.update(input as never))).code).toBe('FORBIDDEN');
    expect((await c.users.admin.api.compliance.privacy.get()).settings.dsrDueDays).toBe(10);
  });

  it('retention anonymises what is past its period, skips legal holds, previews without changing anything, and records each run', async () => {
    const em = await db.em(c.tenantId);
    const old = new Date(Date.now() - 6 * 365 * DAY);
    const stale = await insertPerson(c.tenantId, '过期客户');
    const held = await insertPerson(c.tenantId, '保全客户');
    const active = await insertPerson(c.tenantId, '活跃客户');
    await em.nativeUpdate(PersonSchema, { id: { $in: [stale, held] } }, { updatedAt: old });
    await officer.compliance.legalHolds.create({ personId: held, reason: '诉讼保全', until: null });
    em.create(OutboundMessageSchema, { personId: active, channel: 'sms', purpose: 'survey', productId: null, contentType: null, subject: '问卷', body: '旧消息', status: 'sent', reason: 'granted', decision: null, source: 'core', idempotencyKey: null, requestedBy: null, attempts: 1, transport: 'outbox', queuedAt: new Date(Date.now() - 400 * DAY), decidedAt: null, sentAt: null });
    await em.flush();

    const preview = await runRetention(await db.em(c.tenantId), c.tenantId, { dryRun: true, trigger: 'manual', requestedBy: c.users.compliance.id });
    expect(preview.report.find((r) => r.category === 'customer_profile')).toMatchObject({ examined: 2, affected: 1, skippedLegalHold: 1, sampleIds: [stale] });
    expect(preview.report.find((r) => r.category === 'outbound_messages')).toMatchObject({ affected: 1 });
    expect((await (await db.em(c.tenantId)).findOneOrFail(PersonSchema, { id: stale })).name).toBe('过期客户');

    const run = await runRetention(await db.em(c.tenantId), c.tenantId, { dryRun: false, trigger: 'schedule', requestedBy: null });
    const after = await db.em(c.tenantId);
    expect((await after.findOneOrFail(PersonSchema, { id: stale })).name).toBe('已匿名');
    expect((await after.findOneOrFail(PersonSchema, { id: held })).name).toBe('保全客户');
    expect((await after.findOneOrFail(PersonSchema, { id: active })).name).toBe('活跃客户');
    expect(await after.count(OutboundMessageSchema, { personId: active })).toBe(0);
    // Running again finds nothing left to do.
    const again = await runRetention(await db.em(c.tenantId), c.tenantId, { dryRun: false, trigger: 'schedule', requestedBy: null });
    expect(again.report.find((r) => r.category === 'customer_profile')).toMatchObject({ affected: 0, skippedLegalHold: 1 });
    const runs = await officer.compliance.retention.runs();
    expect(runs.slice(0, 3).map((r) => [r.id, r.dryRun, r.status])).toEqual([
      [again.id, false, 'completed'],
      [run.id, false, 'completed'],
      [preview.id, true, 'completed'],
    ]);
    // The manual trigger goes through the queue and is refused while one is pending.
    await officer.compliance.retention.run({ dryRun: true });
    expect((await failureOf(officer.compliance.retention.run({ dryRun: true }))).appCode).toBe('RETENTION_RUNNING');
  });

  it('rep filing: an unfiled, expired or product-limited rep may not promote', async () => {
    const em = await db.em(c.tenantId);
    const ctx = { em, tenant: { settings: { timezone: 'Asia/Shanghai' } } };
    const repId = c.users.rep.id;
    await expect(assertRepMayPromote(ctx, repId)).rejects.toMatchObject({ code: 'REP_NOT_FILED' });
    const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
    await officer.compliance.filing.record({ userId: repId, filingNumber: `BA-${db.driver}-001`, validFrom: day(-400), validUntil: day(-1) });
    await expect(assertRepMayPromote(ctx, repId)).rejects.toMatchObject({ code: 'REP_FILING_EXPIRED' });
    em.create(ProductSchema, { id: `px-${db.driver}`, code: null, name: '格列净片', genericName: null, spec: null, category: 'rx', status: 'active' });
    em.create(ProductSchema, { id: `py-${db.driver}`, code: null, name: '胰岛素笔', genericName: null, spec: null, category: 'rx', status: 'active' });
    await em.flush();
    await officer.compliance.filing.record({ userId: repId, filingNumber: `BA-${db.driver}-002`, validFrom: day(0), validUntil: day(20), productIds: [`px-${db.driver}`] });
    await expect(assertRepMayPromote(ctx, repId, { productIds: [`px-${db.driver}`] })).resolves.toMatchObject({ filingNumber: `BA-${db.driver}-002` });
    await expect(assertRepMayPromote(ctx, repId, { productIds: [`py-${db.driver}`] })).rejects.toMatchObject({ code: 'REP_FILING_PRODUCT', values: { products: '胰岛素笔' } });
    const status = await officer.compliance.filing.status();
    expect(status.find((s) => s.userId === repId)).toMatchObject({ state: 'expiring', current: { filingNumber: `BA-${db.driver}-002` } });
    expect((await failureOf(officer.compliance.filing.record({ userId: repId, filingNumber: `BA-${db.driver}-002`, validFrom: day(0), validUntil: day(30) }))).appCode).toBe('FILING_NUMBER_TAKEN');
    await officer.compliance.filing.revoke({ id: status.find((s) => s.userId === repId)!.current!.id, reason: '离职' });
    await expect(assertRepMayPromote(ctx, repId, { productIds: [`px-${db.driver}`] })).rejects.toMatchObject({ code: 'REP_FILING_EXPIRED' });
  });

  it('the processing register lists core and plugin categories, snapshots only on change when scheduled, and exports CSV', async () => {
    const current = await officer.compliance.register.current();
    expect(current.missingHooks).toEqual([]);
    expect(current.register.entries).toContainEqual(expect.objectContaining({ owner: 'core', table: 'person', sensitive: true, privacyHooks: true }));
    expect(current.register.entries).toContainEqual(expect.objectContaining({ owner: 'fixture-notes', table: 'fixture_notes_note', subject: 'person', privacyHooks: true, enabled: true }));
    const manual = await officer.compliance.register.takeSnapshot();
    expect(manual.created).toBe(true);
    const scheduled = await snapshotRegister(await db.em(c.tenantId), { reason: 'scheduled', userId: null, tenantId: c.tenantId });
    expect(scheduled).toEqual({ id: manual.id, created: false });
    const { csv } = await officer.compliance.register.csv({ snapshotId: manual.id });
    expect(csv).toContain('fixture_notes_note');
    expect(csv.split('\n')[0]).toContain('purpose_zh');
    await expect(db.sql(`update processing_register_snapshot set entries = 0 where tenant_id = ?`, [c.tenantId])).rejects.toThrow(/append-only/);
  });

  it('the audit viewer filters and pages; the CSV export streams; an edited row makes verify point at it', async () => {
    const api = c.users.admin.api;
    const consent = await api.compliance.audit.list({ filter: { action: 'pipia.' }, limit: 2 });
    expect(consent.entries.map((e) => e.action)).toEqual(['pipia.approved', 'pipia.created']);
    const byOfficer = await api.compliance.audit.list({ filter: { actorUserId: c.users.compliance.id }, limit: 3 });
    expect(byOfficer.entries).toHaveLength(3);
    expect(byOfficer.nextBeforeSeq).toBe(byOfficer.entries[2]!.seq);
    const next = await api.compliance.audit.list({ filter: { actorUserId: c.users.compliance.id }, limit: 3, beforeSeq: byOfficer.nextBeforeSeq });
    expect(Math.max(...next.entries.map((e) => e.seq))).toBeLessThan(Math.min(...byOfficer.entries.map((e) => e.seq)));
    const facets = await api.compliance.audit.facets();
    expect(facets.actions).toContain('privacy.settings.updated');

    const cookie = (await signIn(c.users.admin.id, c.tenantId)).cookie;
    const res = await exportAudit(new Request('http://localhost/api/compliance/audit/export?action=pipia.', { headers: { cookie } }));
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\ufeffseq,at,actor')).toBe(true);
    expect(text.split('\n').filter((l) => l.includes('pipia.')).length).toBe(2);
    expect((await exportAudit(new Request('http://localhost/api/compliance/audit/export?from=not-a-date', { headers: { cookie } }))).status).toBe(400);
    const repCookie = (await signIn(c.users.rep.id, c.tenantId)).cookie;
    expect((await exportAudit(new Request('http://localhost/api/compliance/audit/export', { headers: { cookie: repCookie } }))).status).toBe(403);

    expect(await api.compliance.audit.verify()).toMatchObject({ intact: true, broken: null });
    const [target] = await db.sql<{ seq: number; id: string }>(`select seq, id from audit_entry where tenant_id = ? and action = 'pipia.approved'`, [c.tenantId]);
    await withoutAuditTriggers(db, () => db.sql(`update audit_entry set changes = null where id = ?`, [target!.id]).then(() => undefined));
    const verdict = await api.compliance.audit.verify();
    expect(verdict).toMatchObject({ intact: false, broken: { seq: Number(target!.seq), id: target!.id, action: 'pipia.approved' } });
  });
});
