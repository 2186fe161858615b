/**
 * Data-subject requests (issue 4): an access bundle holds core's rows AND every plugin's (the
 * fixture plugin's notes about that person, nobody else's), served only through a permission-checked
 * route; deletion anonymises through core and the plugins, keeps the consent proof and leaves a
 * tombstone; a legal hold turns deletion into a restriction that the retention job completes once
 * the hold ends; a plugin that stores personal data without privacy hooks fails here.
 */
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as downloadBundle } from '@/app/api/compliance/dsr/[id]/bundle/route';
import { ConsentEventSchema, DataSubjectRequestSchema, LegalHoldSchema, PersonSchema } from '@/server/db/entities';
import { listPlugins } from '@/server/plugins/host';
import type { PluginDefinition } from '@/server/plugins/contract';
import { canContact } from '@/server/services/compliance/can-contact';
import { readEncrypted } from '@/server/services/compliance/files';
import { moveComplianceRecordsOnMerge } from '@/server/services/compliance/person-data';
import { pluginsMissingPrivacyHooks } from '@/server/services/compliance/register';
import { runRetention } from '@/server/services/compliance/retention';
import { FixtureNoteSchema } from '@/tests/fixture-plugin/entities';
import { callerFor, failureOf, forEachDatabase, notesApi, signIn, type Caller } from '../support/db';
import { complianceCompany, insertPerson, publishNotice, WECHAT_PROMO, type ComplianceCompany } from './compliance-fixtures';

describe('privacy hooks', () => {
  it('every registered plugin that stores personal data implements both privacy hooks', () => {
    const offenders = listPlugins()
      .filter((p) => p.manifest.dataCategories.some((c) => c.subject === 'person' || c.subject === 'user'))
      .filter((p) => typeof p.server.privacy?.exportPersonalData !== 'function' || typeof p.server.privacy?.erasePersonalData !== 'function')
      .map((p) => p.manifest.id);
    expect(offenders).toEqual([]);
    expect(pluginsMissingPrivacyHooks()).toEqual([]);
    expect(listPlugins().length).toBeGreaterThan(0);
  });

  it('the check names a plugin that declares personal data but has no hooks', () => {
    const fixture = listPlugins()[0]!;
    const broken: PluginDefinition = { ...fixture, manifest: { ...fixture.manifest, id: 'no-hooks' }, server: { ...fixture.server, privacy: undefined } };
    const anonymousOnly: PluginDefinition = { ...broken, manifest: { ...broken.manifest, id: 'no-personal-data', dataCategories: broken.manifest.dataCategories.map((c) => ({ ...c, subject: 'none' as const })) } };
    expect(pluginsMissingPrivacyHooks([fixture, broken, anonymousOnly])).toEqual(['no-hooks']);
  });
});

forEachDatabase((db) => {
  let c: ComplianceCompany;
  let officer: Caller;
  let officerCookie: string;

  beforeAll(async () => {
    c = await complianceCompany(`DSR ${db.driver}`);
    officer = c.users.compliance.api;
    officerCookie = (await signIn(c.users.compliance.id, c.tenantId)).cookie;
    await publishNotice(officer, 'promotional');
  });

  async function openRequest(personId: string, type: 'access' | 'deletion' | 'withdraw_consent' | 'correction' | 'portability', details?: string) {
    const { id } = await officer.compliance.dsr.create({ personId, type, receivedVia: 'email', requesterName: '本人', requesterContact: 'doctor@example.test', details });
    await officer.compliance.dsr.verifyIdentity({ id, method: 'id_document' });
    return id;
  }

  async function grantWechat(personId: string) {
    const [notice] = await officer.compliance.consent.activeNotices();
    await officer.compliance.consent.grant({ personId, items: [WECHAT_PROMO], noticeIds: [notice!.id], captureMethod: 'electronic' });
  }

  it('an access bundle holds core’s rows and the fixture plugin’s rows about that person, and nobody else’s', async () => {
    const personId = await insertPerson(c.tenantId, '林海', { mobile: '13912345678', email: 'linhai@example.test' });
    const otherId = await insertPerson(c.tenantId, '高峰');
    const notes = notesApi(c.users.admin.api);
    await notes.create({ title: '林主任的偏好', body: '喜欢周三上午拜访', subjectId: personId });
    await notes.create({ title: '高主任', body: '不属于林主任的笔记', subjectId: otherId });
    await grantWechat(personId);

    const id = await openRequest(personId, 'access');
    const summary = (await officer.compliance.dsr.execute({ id })) as { tables: Record<string, number> };
    expect(summary.tables['fixture-notes/fixture_notes_note']).toBe(1);
    expect(summary.tables['core/person']).toBe(1);

    // Served only through the route handler, to dsr.manage holders.
    const request = (cookie: string) => new Request(`http://localhost/api/compliance/dsr/${id}/bundle`, { headers: { cookie } });
    const repCookie = (await signIn(c.users.rep.id, c.tenantId)).cookie;
    expect((await downloadBundle(request(repCookie), { params: Promise.resolve({ id }) })).status).toBe(403);
    expect((await downloadBundle(new Request(`http://localhost/api/compliance/dsr/${id}/bundle`), { params: Promise.resolve({ id }) })).status).toBe(401);
    const res = await downloadBundle(request(officerCookie), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(await zip.file('data.json')!.async('string')) as { data: { core: Record<string, Record<string, unknown>[]>; plugins: Record<string, Record<string, Record<string, unknown>[]>> } };
    expect(data.data.plugins['fixture-notes']!.fixture_notes_note).toEqual([expect.objectContaining({ title: '林主任的偏好', body: '喜欢周三上午拜访' })]);
    expect(data.data.core.person![0]).toMatchObject({ name: '林海', mobile: '13912345678', email: 'linhai@example.test' });
    expect(data.data.core.consent_event).toEqual([expect.objectContaining({ purpose: 'promotional', channel: 'wechat', action: 'grant' })]);
    expect(data.data.core.audit_entry!.map((a) => a.action)).toEqual(expect.arrayContaining(['consent.granted', 'dsr.received', 'dsr.identity.verified']));
    expect(JSON.stringify(data)).not.toContain('不属于林主任的笔记');
    const csv = await zip.file('csv/fixture-notes/fixture_notes_note.csv')!.async('string');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('喜欢周三上午拜访');
    expect(zip.file('csv/core/consent_event.csv')).not.toBeNull();
    expect(zip.file('README.txt')).not.toBeNull();
    // Stored encrypted at rest; the hash on the request matches what was served.
    const row = await (await db.em(c.tenantId)).findOneOrFail(DataSubjectRequestSchema, { id });
    expect(readEncrypted(row.bundleKey!)!.equals(Buffer.from(await (await downloadBundle(request(officerCookie), { params: Promise.resolve({ id }) })).arrayBuffer()))).toBe(true);

    await officer.compliance.dsr.complete({ id, outcome: '已通过加密邮件发送个人信息副本。' });
    const closed = await officer.compliance.dsr.get({ id });
    expect(closed.status).toBe('completed');
    expect(closed.timeline.map((t) => t.action)).toEqual(['dsr.received', 'dsr.identity.verified', 'dsr.bundle.generated', 'dsr.executed', 'dsr.bundle.downloaded', 'dsr.bundle.downloaded', 'dsr.completed']);
  });

  it('deletion anonymises through core and every plugin, keeps the consent proof and leaves a tombstone', async () => {
    const personId = await insertPerson(c.tenantId, '徐静', { mobile: '13700001111', wechat: 'xujing_md', birthday: '1980-05-06' });
    await notesApi(c.users.admin.api).create({ title: '徐主任', body: '关于徐主任的备注', subjectId: personId });
    await grantWechat(personId);
    const id = await openRequest(personId, 'deletion');
    const summary = (await officer.compliance.dsr.execute({ id })) as { restricted: boolean; touched: Record<string, number>; kept: string[] };
    expect(summary.restricted).toBe(false);
    expect(summary.touched).toMatchObject({ person: 1, 'fixture-notes:fixture_notes_note': 1 });
    expect(summary.kept).toContain('consentLedger');

    const em = await db.em(c.tenantId);
    const person = await em.findOneOrFail(PersonSchema, { id: personId });
    expect(person).toMatchObject({ name: '已匿名', mobile: null, wechat: null, birthday: null });
    expect(person.deletedAt).not.toBeNull();
    const notes = await em.find(FixtureNoteSchema, { body: '[erased]' });
    expect(notes.length).toBeGreaterThanOrEqual(1);
    expect(await em.count(FixtureNoteSchema, { subjectId: personId })).toBe(0);
    expect(await em.count(ConsentEventSchema, { personId })).toBe(1);
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'subject_erased' });
    const tombstone = await db.sql<{ action: string; changes: unknown }>(`select action, changes from audit_entry where tenant_id = ? and entity = 'Person' and entity_id = ? and action = 'dsr.erasure.completed'`, [c.tenantId, personId]);
    expect(tombstone).toHaveLength(1);
    expect(JSON.stringify(tombstone[0]!.changes)).not.toContain('徐');
    // Twice is refused; the request is closed with its outcome.
    expect((await failureOf(officer.compliance.dsr.execute({ id }))).appCode).toBe('DSR_EXECUTED');
    await officer.compliance.dsr.complete({ id, outcome: '已删除；同意记录依法保留。' });
  });

  it('under a legal hold deletion restricts processing; the retention job completes it once the hold is released', async () => {
    const personId = await insertPerson(c.tenantId, '钱伟');
    await grantWechat(personId);
    const { id: holdId } = await officer.compliance.legalHolds.create({ personId, reason: '药监局调查（案号 2025-017）', until: null });
    const id = await openRequest(personId, 'deletion');
    const summary = (await officer.compliance.dsr.execute({ id })) as { restricted: boolean };
    expect(summary.restricted).toBe(true);
    const em = await db.em(c.tenantId);
    expect((await em.findOneOrFail(PersonSchema, { id: personId })).name).toBe('钱伟');
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'processing_restricted' });
    expect((await failureOf(officer.compliance.consent.grant({ personId, items: [WECHAT_PROMO], noticeIds: [(await officer.compliance.consent.activeNotices())[0]!.id], captureMethod: 'electronic' }))).appCode).toBe('PROCESSING_RESTRICTED');

    const held = await runRetention(await db.em(c.tenantId), c.tenantId, { dryRun: false, trigger: 'manual', requestedBy: null });
    expect(held.report.find((r) => r.category === 'deferred_erasure')).toMatchObject({ examined: 1, affected: 0, skippedLegalHold: 1 });
    expect((await (await db.em(c.tenantId)).findOneOrFail(PersonSchema, { id: personId })).name).toBe('钱伟');

    await officer.compliance.legalHolds.release({ id: holdId, note: '调查结束' });
    const run = await runRetention(await db.em(c.tenantId), c.tenantId, { dryRun: false, trigger: 'manual', requestedBy: null });
    expect(run.report.find((r) => r.category === 'deferred_erasure')).toMatchObject({ affected: 1, sampleIds: [personId] });
    expect((await (await db.em(c.tenantId)).findOneOrFail(PersonSchema, { id: personId })).name).toBe('已匿名');
    expect(await canContact(await db.em(c.tenantId), personId, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'subject_erased' });
    const runs = await officer.compliance.retention.runs();
    expect(runs[0]).toMatchObject({ id: run.id, status: 'completed' });
  });

  it('after a merge the survivor’s consent includes the duplicate’s (append-only) ledger, and holds and requests follow', async () => {
    const duplicate = await insertPerson(c.tenantId, '蒋涛');
    const survivor = await insertPerson(c.tenantId, '蒋涛');
    await grantWechat(duplicate);
    await officer.compliance.legalHolds.create({ personId: duplicate, reason: '合同纠纷' });
    const em = await db.em(c.tenantId);
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(PersonSchema, { id: duplicate }, { mergedIntoId: survivor, deletedAt: new Date() });
      expect(await moveComplianceRecordsOnMerge(tx, duplicate, survivor)).toMatchObject({ legal_hold: 1 });
    });
    const after = await db.em(c.tenantId);
    expect(await canContact(after, survivor, 'wechat', 'promotional')).toMatchObject({ allowed: true });
    expect(await canContact(after, duplicate, 'wechat', 'promotional')).toMatchObject({ allowed: true });
    expect(await after.count(LegalHoldSchema, { subjectId: survivor })).toBe(1);
    await officer.compliance.consent.withdraw({ personId: survivor, scopes: [WECHAT_PROMO] });
    expect(await canContact(await db.em(c.tenantId), duplicate, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'withdrawn' });
  });

  it('withdrawal of all consent, due dates, and refusals that must give a reason', async () => {
    const personId = await insertPerson(c.tenantId, '罗娟');
    await grantWechat(personId);
    const { id, dueAt } = await officer.compliance.dsr.create({ personId, type: 'withdraw_consent', receivedVia: 'phone', requesterName: '罗娟' });
    const received = (await officer.compliance.dsr.get({ id })).receivedAt;
    expect(Math.round((dueAt.getTime() - received.getTime()) / 86_400_000)).toBe(15);
    expect((await failureOf(officer.compliance.dsr.execute({ id }))).appCode).toBe('DSR_IDENTITY');
    expect((await failureOf(officer.compliance.dsr.complete({ id, outcome: 'x' }))).appCode).toBe('DSR_NOT_EXECUTED');
    await officer.compliance.dsr.verifyIdentity({ id, method: 'phone_callback' });
    const summary = (await officer.compliance.dsr.execute({ id })) as { withdrawn: number; receipt: string };
    expect(summary.withdrawn).toBe(1);
    expect(await canContact(await db.em(c.tenantId), personId, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect((await officer.compliance.consent.status({ personId })).receipts[0]).toMatchObject({ via: 'dsr', number: summary.receipt });

    const other = await officer.compliance.dsr.create({ personId, type: 'access', receivedVia: 'letter', requesterName: '自称家属' });
    expect((await failureOf(officer.compliance.dsr.refuse({ id: other.id, reason: '' }))).appCode).toBe('VALIDATION');
    await officer.compliance.dsr.refuse({ id: other.id, reason: '无法核实请求人身份，且请求人不是本人或其授权代理人。' });
    expect(await officer.compliance.dsr.list({ status: 'closed' })).toContainEqual(expect.objectContaining({ id: other.id, status: 'refused' }));
    // Only the compliance role handles requests by default.
    expect((await failureOf(c.users.admin.api.compliance.dsr.list({ status: 'open' }))).code).toBe('FORBIDDEN');
    expect((await failureOf(callerFor(null).compliance.dsr.list({ status: 'open' }))).code).toBe('UNAUTHORIZED');
  });
});
