/**
 * The consent ledger (issue 4, "Must show"): a bundled request is refused; canContact decides at
 * send time, so a withdrawal that commits while a send job is queued stops the message and the
 * outbox records why; notices freeze and re-consent; the expiry job is idempotent; the
 * self-service link refuses tampering and expiry and lets the person withdraw with a receipt; the
 * ledger refuses UPDATE / DELETE below the application; failed authorisations are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as uploadEvidence } from '@/app/api/compliance/evidence/route';
import { GET as downloadEvidence } from '@/app/api/compliance/evidence/[id]/route';
import { ConsentEventSchema, OutboundMessageSchema, ProductSchema } from '@/server/db/entities';
import { InProcessDriver } from '@/server/jobs/in-process-driver';
import { setQueue } from '@/server/jobs/queue';
import { allJobDefinitions } from '@/server/plugins/host';
import { canContact, canContactInJob, hasSeparateConsent } from '@/server/services/compliance/can-contact';
import { expireConsents } from '@/server/services/compliance/consent-expiry';
import { signConsentLink, verifyConsentLink } from '@/server/services/compliance/consent-link';
import { queueOutboundMessage } from '@/server/services/compliance/outbound';
import { callerFor, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { complianceCompany, insertPerson, publishNotice, WECHAT_PROMO, type ComplianceCompany } from './compliance-fixtures';

const DAY = 86_400_000;

forEachDatabase((db) => {
  let c: ComplianceCompany;
  let officer: Caller;
  let notices: Record<string, string>;

  const grant = (personId: string, items: { purpose: string; channel: string; productId?: string | null }[], extra: Record<string, unknown> = {}) =>
    officer.compliance.consent.grant({
      personId,
      items: items as never,
      noticeIds: [...new Set(items.map((i) => notices[i.purpose]!))],
      captureMethod: 'electronic',
      ...extra,
    } as never);

  beforeAll(async () => {
    c = await complianceCompany(`Consent ${db.driver}`);
    officer = c.users.compliance.api;
    notices = {};
    for (const purpose of ['promotional', 'medical', 'sensitive_data', 'cross_border', 'third_party'] as const) notices[purpose] = await publishNotice(officer, purpose);
  });

  it('refuses a bundled "accept all" request: separate-consent purposes are never recorded with anything else', async () => {
    const personId = await insertPerson(c.tenantId, '王建华');
    const bundles = [
      [{ purpose: 'sensitive_data', channel: 'none' }, WECHAT_PROMO],
      [{ purpose: 'cross_border', channel: 'none' }, { purpose: 'sensitive_data', channel: 'none' }],
      [{ purpose: 'third_party', channel: 'none' }, { purpose: 'medical', channel: 'email' }],
    ];
    for (const items of bundles) {
      const f = await failureOf(grant(personId, items, { recipient: 'Global HQ', recipientCountry: 'CH' }));
      expect(f.appCode).toBe('BUNDLED_CONSENT');
    }
    expect(await (await db.em(c.tenantId)).count(ConsentEventSchema, { personId })).toBe(0);
    // Ordinary contact purposes may be recorded together (separate checkboxes on one form).
    const ok = await grant(personId, [WECHAT_PROMO, { purpose: 'medical', channel: 'email' }]);
    expect(ok.items).toHaveLength(2);
    expect(ok.number).toMatch(/^CG-\d{8}-[A-Z2-9]{6}$/);
  });

  it('records a separate consent on its own, tied to the recipient it names', async () => {
    const personId = await insertPerson(c.tenantId, '李秀英');
    expect((await failureOf(grant(personId, [{ purpose: 'cross_border', channel: 'none' }]))).appCode).toBe('INVALID_CONSENT');
    await grant(personId, [{ purpose: 'cross_border', channel: 'none' }], { recipient: 'Basel HQ', recipientCountry: 'CH' });
    const em = await db.em(c.tenantId);
    expect(await hasSeparateConsent(em, personId, 'cross_border', 'Basel HQ')).toMatchObject({ allowed: true });
    expect(await hasSeparateConsent(em, personId, 'cross_border', 'Another Corp')).toMatchObject({ allowed: false, reason: 'recipient_mismatch' });
    expect(await hasSeparateConsent(em, personId, 'sensitive_data')).toMatchObject({ allowed: false, reason: 'no_consent' });
    // A processing consent is not a contact channel: canContact never treats it as one.
    expect(await canContact(em, personId, 'wechat', 'cross_border')).toEqual({ allowed: false, reason: 'not_a_contact_purpose' });
  });

  it('needs the active notice and the proof the capture method calls for', async () => {
    const personId = await insertPerson(c.tenantId, '张伟');
    const noNotice = await failureOf(officer.compliance.consent.grant({ personId, items: [WECHAT_PROMO], noticeIds: [notices.medical!], captureMethod: 'electronic' }));
    expect(noNotice.appCode).toBe('INVALID_CONSENT');
    const paper = await failureOf(grant(personId, [WECHAT_PROMO], { captureMethod: 'paper_form' }));
    expect(paper.appCode).toBe('INVALID_CONSENT');
    expect((paper.error as { cause: { fieldErrors: Record<string, unknown> } }).cause.fieldErrors).toHaveProperty('captureReference');
    const signature = await failureOf(grant(personId, [WECHAT_PROMO], { captureMethod: 'signature' }));
    expect((signature.error as { cause: { fieldErrors: Record<string, unknown> } }).cause.fieldErrors).toHaveProperty('evidenceId');
    const r = await grant(personId, [WECHAT_PROMO], { captureMethod: 'paper_form', captureReference: 'HK-2025-00317' });
    const status = await officer.compliance.consent.status({ personId });
    expect(status.scopes).toEqual([expect.objectContaining({ purpose: 'promotional', channel: 'wechat', state: 'granted', captureReference: 'HK-2025-00317', latestReceipt: r.number })]);
    // Granted for a year by default (tenant setting).
    const expires = status.scopes[0]!.expiresAt!.getTime() - status.scopes[0]!.grantedAt!.getTime();
    expect(Math.round(expires / DAY)).toBe(365);
  });

  it('signed evidence is uploaded through a permission-checked route, stored encrypted, and read back only by who may see the person', async () => {
    const personId = await insertPerson(c.tenantId, '冯雪', { territoryId: c.territoryId });
    const scan = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('signed consent form 签字同意书')]);
    const upload = (cookie: string, headers: Record<string, string> = {}) =>
      uploadEvidence(
        new Request(`http://localhost/api/compliance/evidence?personId=${personId}`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('同意书.png'), 'x-file-type': 'image/png', ...headers },
          body: scan,
        }),
      );
    const officerCookie = (await signIn(c.users.compliance.id, c.tenantId)).cookie;
    // Not JSON, so the upload has its own CSRF rule: octet-stream only, and a foreign Origin is refused.
    expect((await upload(officerCookie, { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(403);
    expect((await upload(officerCookie, { origin: 'https://evil.example' })).status).toBe(403);
    const res = await upload(officerCookie);
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { id: string; sha256: string };
    await grant(personId, [WECHAT_PROMO], { captureMethod: 'signature', evidenceId: stored.id });
    const history = await officer.compliance.consent.history({ personId, limit: 10, offset: 0 });
    expect(history.events[0]!.evidence).toMatchObject({ id: stored.id, fileName: '同意书.png', sha256: stored.sha256 });

    const read = (cookie: string) => downloadEvidence(new Request(`http://localhost/api/compliance/evidence/${stored.id}`, { headers: { cookie } }), { params: Promise.resolve({ id: stored.id }) });
    const ok = await read(officerCookie);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(scan)).toBe(true);
    expect(ok.headers.get('content-disposition')).toContain('attachment');
    // Another company's officer gets the same answer as for an unknown id.
    const other = await complianceCompany(`Evidence other ${db.driver}`);
    const otherCookie = (await signIn(other.users.compliance.id, other.tenantId)).cookie;
    expect((await read(otherCookie)).status).toBe(404);
    expect((await read('')).status).toBe(401);
  });

  it('decides per product: a product withdrawal beats an older general grant; a later general withdrawal beats a product grant', async () => {
    const personId = await insertPerson(c.tenantId, '陈静');
    const em = await db.em(c.tenantId);
    const productX = 'product-x';
    const productY = 'product-y';
    // Products are referenced by id; insert two (the catalogue is not what this test is about).
    for (const [id, name] of [[productX, '格列净片'], [productY, '二甲双胍缓释片']] as const) {
      em.create(ProductSchema, { id, code: null, name, genericName: null, spec: null, category: 'rx', status: 'active' });
    }
    await em.flush();
    await grant(personId, [WECHAT_PROMO]);
    expect(await canContact(em, personId, 'wechat', 'promotional', productX)).toMatchObject({ allowed: true });
    await officer.compliance.consent.withdraw({ personId, scopes: [{ ...WECHAT_PROMO, productId: productX }] });
    expect(await canContact(em, personId, 'wechat', 'promotional', productX)).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(await canContact(em, personId, 'wechat', 'promotional', productY)).toMatchObject({ allowed: true });
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: true });
    expect(await canContact(em, personId, 'sms', 'promotional')).toEqual({ allowed: false, reason: 'no_consent' });

    const other = await insertPerson(c.tenantId, '刘洋');
    await grant(other, [{ ...WECHAT_PROMO, productId: productY }]);
    expect(await canContact(em, other, 'wechat', 'promotional', productY)).toMatchObject({ allowed: true });
    expect(await canContact(em, other, 'wechat', 'promotional', productX)).toMatchObject({ allowed: false, reason: 'no_consent' });
    await officer.compliance.consent.withdraw({ personId: other, scopes: [WECHAT_PROMO] });
    expect(await canContact(em, other, 'wechat', 'promotional', productY)).toMatchObject({ allowed: false, reason: 'withdrawn' });
  });

  describe('a send job checks consent when it runs, not when it was queued', () => {
    const driver = new InProcessDriver(allJobDefinitions);
    beforeAll(() => setQueue(driver));
    afterAll(async () => {
      await driver.close();
      setQueue(undefined);
    });

    it('withdraw while the job is queued → the job runs, sends nothing and records why', async () => {
      const withdrawn = await insertPerson(c.tenantId, '周敏', { territoryId: c.territoryId });
      const kept = await insertPerson(c.tenantId, '吴强');
      await grant(withdrawn, [WECHAT_PROMO]);
      await grant(kept, [WECHAT_PROMO]);
      const em = await db.em(c.tenantId);
      const queue = (personId: string) =>
        queueOutboundMessage({ em, tenantId: c.tenantId, userId: c.users.rep.id, source: 'core' }, { personId, channel: 'wechat', purpose: 'promotional', subject: '新品上市', body: '学术资料' });
      const a = await queue(withdrawn);
      const b = await queue(kept);
      // Consent was valid when both were queued; the rep's visit then records a withdrawal.
      expect(await canContactInJob(em, c.tenantId, withdrawn, 'wechat', 'promotional')).toMatchObject({ allowed: true });
      const receipt = await c.users.rep.api.compliance.consent.withdraw({ personId: withdrawn, scopes: [WECHAT_PROMO], note: '医生在拜访时要求不再通过微信推送' });
      await driver.startWorkers();
      await driver.drain();
      const rows = await (await db.em(c.tenantId)).find(OutboundMessageSchema, { id: { $in: [a.id, b.id] } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(a.id)).toMatchObject({ status: 'skipped', reason: 'withdrawn', sentAt: null, attempts: 1 });
      expect(byId.get(a.id)!.decision).toMatchObject({ allowed: false, reason: 'withdrawn' });
      expect(byId.get(b.id)).toMatchObject({ status: 'sent', reason: 'granted', transport: 'outbox' });
      // The console's outbox shows the same.
      const outbox = await officer.compliance.outbox.list({ personId: withdrawn, status: 'all', limit: 50 });
      expect(outbox).toEqual([expect.objectContaining({ id: a.id, status: 'skipped', reason: 'withdrawn' })]);
      expect(receipt.number).toMatch(/^CW-/);
      // Delivered at least once: running the job again changes nothing.
      await driver.enqueue('core.send-message', { tenantId: c.tenantId, messageId: a.id }, { jobId: `again-${a.id}` });
      await driver.drain();
      expect((await (await db.em(c.tenantId)).findOneOrFail(OutboundMessageSchema, { id: a.id })).attempts).toBe(1);
    });
  });

  it('activating a new notice version marks older grants as needing re-consent', async () => {
    const personId = await insertPerson(c.tenantId, '赵磊');
    await grant(personId, [{ purpose: 'medical', channel: 'email' }]);
    const em = await db.em(c.tenantId);
    expect(await canContact(em, personId, 'email', 'medical')).toMatchObject({ allowed: true });
    const { id } = await officer.compliance.notices.create({ purpose: 'medical', locale: 'zh-CN', title: '医学信息告知书（第二版）', body: '新增了资料的发送频率说明。' });
    // A published notice is frozen: the service refuses, and so does the database.
    expect((await failureOf(officer.compliance.notices.update({ id: notices.medical!, title: 'x', body: 'y' }))).appCode).toBe('NOTICE_FROZEN');
    await expect(db.sql(`update consent_notice set body = 'tampered' where id = ?`, [notices.medical])).rejects.toThrow(/frozen/);
    const activated = await officer.compliance.notices.activate({ id, reconsentRequired: true });
    expect(activated.grantsNeedingReconsent).toBeGreaterThanOrEqual(1);
    expect(await canContact(em, personId, 'email', 'medical')).toMatchObject({ allowed: false, reason: 'reconsent_required' });
    notices.medical = id;
    await grant(personId, [{ purpose: 'medical', channel: 'email' }]);
    expect(await canContact(em, personId, 'email', 'medical')).toMatchObject({ allowed: true });
  });

  it('the daily expiry writes one expire event per lapsed grant, and nothing on a second run', async () => {
    const personId = await insertPerson(c.tenantId, '孙丽');
    await grant(personId, [{ purpose: 'promotional', channel: 'sms' }], { expiresAt: new Date(Date.now() + 2 * DAY) });
    const em = await db.em(c.tenantId);
    const later = new Date(Date.now() + 3 * DAY);
    expect(await canContact(em, personId, 'sms', 'promotional', null, { at: later })).toMatchObject({ allowed: false, reason: 'expired' });
    const first = await expireConsents(await db.em(c.tenantId), c.tenantId, later);
    expect(first.expired).toBeGreaterThanOrEqual(1);
    const events = await (await db.em(c.tenantId)).find(ConsentEventSchema, { personId, action: 'expire' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorKind: 'system', captureMethod: 'system' });
    const second = await expireConsents(await db.em(c.tenantId), c.tenantId, later);
    expect(second.expired).toBe(0);
    expect(await (await db.em(c.tenantId)).count(ConsentEventSchema, { personId, action: 'expire' })).toBe(1);
  });

  it('the self-service link: tampered or expired links are refused; the person withdraws in one step and gets a receipt', async () => {
    const personId = await insertPerson(c.tenantId, '黄志明', { territoryId: c.territoryId });
    await grant(personId, [WECHAT_PROMO, { purpose: 'medical', channel: 'email' }]);
    const { id: linkId, path, expiresAt } = await c.users.rep.api.compliance.consent.issueLink({ personId });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * DAY);
    const token = path.replace('/consent/', '');
    const anonymous = callerFor(null);

    const view = await anonymous.consentSelfService.view({ token });
    expect(view).toMatchObject({ status: 'ok', personName: '黄**' });
    if (view.status !== 'ok') throw new Error('unreachable');
    expect(view.active.map((a) => `${a.purpose}/${a.channel}`).sort()).toEqual(['medical/email', 'promotional/wechat']);

    const [payload, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, t: c.tenantId, p: personId, e: Math.floor(Date.now() / 1000) + 10 ** 8 })).toString('base64url');
    const tampered = [`${forged}.${signature}`, `${payload}.${signature.slice(0, -2)}AA`, `${payload}x.${signature}`];
    for (const t of tampered) {
      expect(verifyConsentLink(t)).toEqual({ ok: false, reason: 'invalid' });
      expect(await anonymous.consentSelfService.view({ token: t })).toEqual({ status: 'invalid' });
      expect((await failureOf(anonymous.consentSelfService.withdraw({ token: t, scopes: 'all' }))).appCode).toBe('CONSENT_LINK_INVALID');
    }
    const expired = signConsentLink(c.tenantId, personId, linkId, new Date(Date.now() - 1000));
    expect(await anonymous.consentSelfService.view({ token: expired })).toEqual({ status: 'expired' });
    expect((await failureOf(anonymous.consentSelfService.withdraw({ token: expired, scopes: 'all' }))).appCode).toBe('CONSENT_LINK_EXPIRED');
    const em = await db.em(c.tenantId);
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: true });

    const receipt = await anonymous.consentSelfService.withdraw({ token, scopes: [WECHAT_PROMO] });
    expect(receipt.number).toMatch(/^CW-/);
    expect(receipt.items).toEqual([{ purpose: 'promotional', channel: 'wechat', productId: null, contentType: null }]);
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: false, reason: 'withdrawn' });
    expect(await canContact(em, personId, 'email', 'medical')).toMatchObject({ allowed: true });
    // Withdrawing again is a clear refusal, not a second receipt.
    expect((await failureOf(anonymous.consentSelfService.withdraw({ token, scopes: [WECHAT_PROMO] }))).appCode).toBe('NOTHING_TO_WITHDRAW');
    // Staff see the withdrawal with its receipt, made by the person themself.
    const status = await officer.compliance.consent.status({ personId });
    expect(status.receipts[0]).toMatchObject({ number: receipt.number, via: 'self_service', action: 'withdraw', actor: null });
    expect(status.scopes.find((s) => s.channel === 'wechat')).toMatchObject({ state: 'withdrawn', latestVia: 'self_service', latestReceipt: receipt.number });
    // A link of this tenant cannot reach another tenant's person.
    const other = await complianceCompany(`Consent other ${db.driver}`);
    const foreign = signConsentLink(other.tenantId, personId, linkId, new Date(Date.now() + DAY));
    expect(await anonymous.consentSelfService.view({ token: foreign })).toEqual({ status: 'unavailable' });
  });

  it('a self-service link can be revoked before it expires: its page says so and withdrawing through it is refused', async () => {
    const personId = await insertPerson(c.tenantId, '韩雪', { territoryId: c.territoryId });
    await grant(personId, [WECHAT_PROMO]);
    const first = await c.users.rep.api.compliance.consent.issueLink({ personId });
    const second = await c.users.rep.api.compliance.consent.issueLink({ personId });
    expect((await c.users.rep.api.compliance.consent.links({ personId })).map((l) => l.id)).toEqual([second.id, first.id]);

    await c.users.rep.api.compliance.consent.revokeLink({ id: first.id });
    const anonymous = callerFor(null);
    const revoked = first.path.replace('/consent/', '');
    expect(await anonymous.consentSelfService.view({ token: revoked })).toEqual({ status: 'revoked' });
    expect((await failureOf(anonymous.consentSelfService.withdraw({ token: revoked, scopes: 'all' }))).appCode).toBe('CONSENT_LINK_REVOKED');
    expect(await canContact(await db.em(c.tenantId), personId, 'wechat', 'promotional')).toMatchObject({ allowed: true });
    // The other link still works; only live links are listed; the revocation is audited.
    expect(await anonymous.consentSelfService.view({ token: second.path.replace('/consent/', '') })).toMatchObject({ status: 'ok' });
    expect((await c.users.rep.api.compliance.consent.links({ personId })).map((l) => l.id)).toEqual([second.id]);
    const audit = await db.sql<{ action: string }>('select action from audit_entry where tenant_id = ? and entity_id = ? and action like ? order by seq', [c.tenantId, personId, 'consent.link.%']);
    expect(audit.map((a) => a.action)).toEqual(['consent.link.issued', 'consent.link.issued', 'consent.link.revoked']);
  });

  it('the ledger and receipts refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) from the app’s own connection', async () => {
    const personId = await insertPerson(c.tenantId, '马丽');
    await grant(personId, [WECHAT_PROMO]);
    for (const table of ['consent_event', 'consent_receipt']) {
      await expect(db.sql(`update ${table} set person_id = 'someone-else' where tenant_id = ?`, [c.tenantId])).rejects.toThrow(/append-only/);
      await expect(db.sql(`delete from ${table} where tenant_id = ?`, [c.tenantId])).rejects.toThrow(/append-only/);
      if (db.driver === 'postgresql') await expect(db.sql(`truncate ${table}`)).rejects.toThrow(/append-only/);
    }
    const em = await db.em(c.tenantId);
    await expect(em.nativeUpdate(ConsentEventSchema, { personId }, { action: 'withdraw' })).rejects.toThrow(/append-only/);
    await expect(em.nativeDelete(ConsentEventSchema, { personId })).rejects.toThrow(/append-only/);
    expect(await canContact(em, personId, 'wechat', 'promotional')).toMatchObject({ allowed: true });
  });

  it('a rep sees and records consent only for people in their territories', async () => {
    const territoryId = 'territory-elsewhere';
    const personId = await insertPerson(c.tenantId, '郑华', { territoryId });
    expect((await failureOf(c.users.rep.api.compliance.consent.status({ personId }))).appCode).toBe('NOT_FOUND');
    expect((await failureOf(c.users.rep.api.compliance.consent.withdraw({ personId, scopes: 'all' }))).appCode).toBe('NOT_FOUND');
    expect((await failureOf(c.users.rep.api.compliance.consent.issueLink({ personId }))).appCode).toBe('NOT_FOUND');
    // Compliance and admin see everyone.
    expect((await officer.compliance.consent.status({ personId })).scopes).toEqual([]);
  });

  it('a failed authorisation is an audit entry — also when the refused call was a mutation', async () => {
    const rep = c.users.rep;
    expect((await failureOf(rep.api.compliance.notices.create({ purpose: 'survey', locale: 'zh-CN', title: 't', body: 'b' }))).code).toBe('FORBIDDEN');
    expect((await failureOf(rep.api.compliance.privacy.get())).code).toBe('FORBIDDEN');
    const rows = await db.sql<{ action: string; entity_id: string; actor_user_id: string }>(
      `select action, entity_id, actor_user_id from audit_entry where tenant_id = ? and action = 'auth.permission.denied' order by seq`,
      [c.tenantId],
    );
    expect(rows.map((r) => r.entity_id)).toEqual(['compliance.notices.create', 'compliance.privacy.get']);
    expect(rows.every((r) => r.actor_user_id === rep.id)).toBe(true);
    const log = await c.users.admin.api.compliance.audit.list({ filter: { action: 'auth.' }, limit: 50 });
    expect(log.entries.map((e) => e.changes)).toContainEqual(expect.objectContaining({ permission: 'compliance.manage', code: 'FORBIDDEN', type: 'mutation' }));
  });
});
