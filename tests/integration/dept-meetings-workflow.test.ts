/**
 * Department meetings (issue 6): the workflow with its compliance rules, public QR sign-in,
 * close-out, follow-up tasks, fake-meeting flags and the transfer-of-value ledger; the plugin
 * disabled → FORBIDDEN, jobs skip, data kept.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PersonSchema, TaskSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { DomainError } from '@/server/errors';
import { translatorFor } from '@/server/i18n/catalog';
import { runJob } from '@/server/jobs/runner';
import { followUpJob } from '@/plugins/dept-meetings/server';
import { allProcedures, callerFor, callPath, enablePlugin, failureOf, forEachDatabase, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';
import { createTenantWithAdmin } from '../support/db';

const P = 'dept-meetings';
const HOUR = 3_600_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- plugin routers are mounted untyped
type Fn = (input?: unknown) => Promise<any>;
type Api = Record<'create' | 'update' | 'get' | 'list' | 'transition' | 'signinLink' | 'signin' | 'addEvidence' | 'closeOut' | 'flags' | 'resolveFlag' | 'transfers' | 'transfersCsv', Fn>;
const dm = (caller: Caller) => (caller.plugins as unknown as Record<string, Api>)[P]!;
const pub = (caller: Caller) => (caller.plugins as unknown as Record<string, { public: Record<'signin' | 'signinInfo', Fn> }>)[P]!.public;

/** A 1×1 PNG signature is too small to count; this is a plausible drawn one (long enough). */
const SIGNATURE = `data:image/png;base64,${Buffer.alloc(400, 7).toString('base64')}`;
const png = (seed: string) => Buffer.from(`\x89PNG-fake-${seed}-${'x'.repeat(50)}`).toString('base64');

function messageOf(err: unknown): { key: string; text: string } {
  let e = err as { cause?: unknown } | undefined;
  while (e && !(e instanceof DomainError)) e = e.cause as typeof e;
  if (!(e instanceof DomainError)) throw err;
  return { key: e.messageKey, text: translatorFor('zh-CN')(e.messageKey, e.values) };
}

forEachDatabase((db) => {
  let world: WorkWorld;
  let tenantId: string;
  let rep: { id: string; api: Caller };
  let manager: { id: string; api: Caller };
  let compliance: { id: string; api: Caller };
  const anon = callerFor(null);
  const mobiles: Record<string, string> = {};

  beforeAll(async () => {
    const { tenant } = await createTenantWithAdmin(`Meetings ${db.driver}`, { plugins: [P] });
    tenantId = tenant.id;
    world = await seedWorld(tenant.id);
    rep = await member(tenant.id, ['rep'], [world.north]);
    manager = await member(tenant.id, ['manager'], [world.region]);
    compliance = await member(tenant.id, ['compliance']);
    const em = await forkEm(tenant.id);
    for (const [id, mobile] of [[world.drWang, '13800001111'], [world.drLi, '13900002222'], [world.drZhao, '13700003333']] as const) {
      const p = await em.findOneOrFail(PersonSchema, { id });
      p.mobile = mobile;
      mobiles[id] = mobile.slice(-4);
    }
    // A third HCP at the north hospital so three invitees are in the rep's territory.
    const extra = em.create(PersonSchema, { ...(await em.findOneOrFail(PersonSchema, { id: world.drWang })), id: undefined as never, name: '陈医生', mobile: '13600004444', externalId: null });
    await em.flush();
    mobiles[extra.id] = '4444';
    world.drZhao = extra.id;
  });

  const plan = (over: Record<string, unknown> = {}) => ({
    title: '糖尿病诊疗新进展科室会',
    objective: '介绍产品最新循证证据',
    productId: world.productA,
    indication: '2 型糖尿病',
    institutionId: world.hospitalN,
    departmentId: world.deptN,
    startsAt: new Date(Date.now() + 10 * 60_000),
    durationMinutes: 60,
    venue: '心内科示教室',
    speakerKind: 'hcp',
    speakerPersonId: world.drWang,
    speakerName: null,
    speakerFee: 1000,
    mealPerHead: 80,
    headcount: 3,
    agenda: '12:00 午餐；12:20 讲座；12:50 讨论',
    deckId: 'DECK-001',
    deckVersion: 'v2',
    invitees: [
      { personId: world.drWang, attitude: 1 },
      { personId: world.drLi, attitude: 0 },
      { personId: world.drZhao, attitude: -1 },
    ],
    ...over,
  });

  /** Plan → approvals → hospital → three sign-ins; returns the meeting id and sign-in token. */
  async function heldMeeting(over: Record<string, unknown> = {}, people = [world.drWang, world.drLi, world.drZhao]) {
    const { id } = await dm(rep.api).create(plan(over));
    await dm(rep.api).transition({ id, action: 'submit', comment: '近期多场同主题会议，已知悉' });
    await dm(manager.api).transition({ id, action: 'approveManager', comment: '同意' });
    await dm(compliance.api).transition({ id, action: 'approveCompliance', comment: '资料已审' });
    await dm(rep.api).transition({ id, action: 'hospitalApproved', hospitalApprovalNo: 'XH-2026-118' });
    const { path } = await dm(rep.api).signinLink({ id });
    const token = path.split('/').pop()!;
    for (const personId of people) {
      await pub(anon).signin({ token, personId, name: '', mobileLast4: mobiles[personId], meal: true, signature: `${SIGNATURE}${personId.slice(0, 4)}`, latitude: 39.9, longitude: 116.4 });
    }
    return { id, token };
  }

  async function closeMeeting(id: string, photoSeed: string, invoiceAmount = 240) {
    await dm(rep.api).transition({ id, action: 'finish' });
    for (const n of [1, 2, 3]) await dm(rep.api).addEvidence({ id, kind: 'photo', fileName: `room-${n}.png`, mime: 'image/png', dataBase64: png(`${photoSeed}-${n}`) });
    await dm(rep.api).addEvidence({ id, kind: 'invoice', fileName: 'invoice.pdf', mime: 'application/pdf', dataBase64: png(`${photoSeed}-inv`), invoiceNo: `INV-${photoSeed}`, amount: invoiceAmount, invoiceVenue: '协和餐厅', invoiceDate: '2026-11-20' });
    await dm(rep.api).closeOut({ id, speakerPaid: 1000, speakerPaymentRef: 'TRF-001' });
    await dm(rep.api).transition({ id, action: 'close' });
  }

  it('the meal cap hard rule blocks submission with its message; fixing the plan lets it through', async () => {
    const { id } = await dm(rep.api).create(plan({ mealPerHead: 400 }));
    const err = await dm(rep.api).transition({ id, action: 'submit' }).catch((e) => e);
    const msg = messageOf(err);
    expect(msg.key).toBe(`plugins.${P}.rules.mealCap.failed`);
    expect(msg.text).toContain('超过上限 ¥300');
    expect((await dm(rep.api).get({ id })).meeting.status).toBe('draft');
    await dm(rep.api).update({ id, ...plan({ mealPerHead: 200 }), comment: null });
    expect(await dm(rep.api).transition({ id, action: 'submit' })).toMatchObject({ status: 'pending_manager' });
    // The rep cannot approve; the manager can.
    expect(await failureOf(dm(rep.api).transition({ id, action: 'approveManager' }))).toMatchObject({ code: 'FORBIDDEN' });
    await dm(manager.api).transition({ id, action: 'approveManager' });
    const got = await dm(rep.api).get({ id });
    expect(got.meeting.status).toBe('pending_compliance');
    expect(got.steps.map((s: { action: string }) => s.action)).toEqual(['created', 'updated', 'submit', 'approveManager']);
    // A change of venue after approval sends it back to the manager.
    expect(await dm(rep.api).update({ id, ...plan({ mealPerHead: 200, venue: '学术报告厅' }), comment: '改会场' })).toEqual({ sentBack: true });
    expect((await dm(rep.api).get({ id })).meeting).toMatchObject({ status: 'pending_manager', rescheduled: true });
    const audit = await db.sql<{ action: string }>(`select action from audit_entry where tenant_id = ? and entity_id = ? order by seq`, [tenantId, id]);
    expect(audit.map((a) => a.action)).toContain(`${P}.meeting.sentBack`);
  });

  it('a clinical-area venue is blocked; close-out is refused without photos and invoice; after close a follow-up task per attendee', async () => {
    const bad = await dm(rep.api).create(plan({ venue: '心内科病房' }));
    expect(messageOf(await dm(rep.api).transition({ id: bad.id, action: 'submit' }).catch((e) => e)).key).toBe(`plugins.${P}.rules.venueNotClinical.failed`);

    const { id } = await heldMeeting();
    await dm(rep.api).transition({ id, action: 'finish' });
    const refused = messageOf(await dm(rep.api).transition({ id, action: 'close' }).catch((e) => e));
    expect(refused.key).toBe(`plugins.${P}.rules.requiredAttachments.failed`);
    expect(refused.text).toContain('3 张会场照片');
    // Still in close-out: nothing changed.
    expect((await dm(rep.api).get({ id })).meeting.status).toBe('close_out');
    for (const n of [1, 2, 3]) await dm(rep.api).addEvidence({ id, kind: 'photo', fileName: `r${n}.png`, mime: 'image/png', dataBase64: png(`a-${n}`) });
    expect(messageOf(await dm(rep.api).transition({ id, action: 'close' }).catch((e) => e)).key).toBe(`plugins.${P}.rules.requiredAttachments.failed`);
    await dm(rep.api).addEvidence({ id, kind: 'invoice', fileName: 'inv.pdf', mime: 'application/pdf', dataBase64: png('a-inv'), invoiceNo: 'INV-1', amount: 240, invoiceVenue: '协和餐厅', invoiceDate: '2026-11-20' });
    await dm(rep.api).closeOut({ id, speakerPaid: 1000, speakerPaymentRef: 'TRF-001' });
    expect(await dm(rep.api).transition({ id, action: 'close' })).toMatchObject({ status: 'audit' });

    const outcome = await runJob(followUpJob, { tenantId, meetingId: id }, { jobId: 'f1', attempt: 1 }, async () => {});
    expect(outcome).toMatchObject({ status: 'done', result: { created: 3 } });
    // Redelivered: nothing new.
    expect(await runJob(followUpJob, { tenantId, meetingId: id }, { jobId: 'f1', attempt: 2 }, async () => {})).toMatchObject({ result: { created: 0 } });
    const em = await forkEm(tenantId);
    const tasks = await em.find(TaskSchema, { title: { $like: '科室会随访%' }, subjectId: { $in: [world.drWang, world.drLi, world.drZhao] } });
    expect(tasks.filter((t) => t.description).map((t) => t.subjectId).sort()).toEqual([world.drWang, world.drLi, world.drZhao].sort());
    expect(tasks.every((t) => t.ownerId === rep.id)).toBe(true);
  });

  it('sign-in: only in the window, no signing for someone else, once per person, walk-ins flagged', async () => {
    const early = await heldMeeting({ startsAt: new Date(Date.now() + 5 * 24 * HOUR), title: '下周科室会' }, []);
    const f = { personId: world.drLi, name: '', mobileLast4: mobiles[world.drLi], meal: false, signature: SIGNATURE };
    expect(messageOf(await pub(anon).signin({ token: early.token, ...f }).catch((e) => e)).key).toBe(`plugins.${P}.errors.signinEarly`);

    const { id, token } = await heldMeeting({ title: '签到规则', startsAt: new Date(Date.now() + 20 * 24 * HOUR) }, []);
    const em = await forkEm(tenantId);
    const row = await em.findOneOrFail((await import('@/plugins/dept-meetings/entities')).DeptMeetingSchema, { id });
    row.startsAt = new Date(Date.now() - 5 * 60_000);
    row.endsAt = new Date(Date.now() + 55 * 60_000);
    await em.flush();
    expect(messageOf(await pub(anon).signin({ token, ...f, mobileLast4: '0000' }).catch((e) => e)).key).toBe(`plugins.${P}.errors.identityMismatch`);
    expect(messageOf(await pub(anon).signin({ token, ...f, signature: 'data:image/png;base64,AA==' }).catch((e) => e)).key).toBe(`plugins.${P}.errors.signatureRequired`);
    expect(await pub(anon).signin({ token, ...f })).toMatchObject({ walkIn: false });
    expect(messageOf(await pub(anon).signin({ token, ...f }).catch((e) => e)).key).toBe(`plugins.${P}.errors.alreadySigned`);
    expect(await pub(anon).signin({ token, ...f, personId: null, name: '刘护士', mobileLast4: '5678' })).toMatchObject({ walkIn: true });
    const got = await dm(rep.api).get({ id });
    expect(got.meeting.status).toBe('in_progress');
    expect(got.signins.map((s: { name: string; walkIn: boolean }) => [s.name, s.walkIn])).toEqual([['李秀英', false], ['刘护士', true]]);
    // A forged token changes nothing.
    expect(await failureOf(pub(anon).signin({ token: `${token}x`, ...f }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the same photo in two meetings raises a flag on both; one HCP signed into overlapping meetings raises a flag', async () => {
    const a = await heldMeeting({ title: '会议甲' });
    await closeMeeting(a.id, 'same');
    const b = await heldMeeting({ title: '会议乙', venue: '内分泌科会议室' }, [world.drLi]);
    await dm(rep.api).transition({ id: b.id, action: 'finish' });
    await dm(rep.api).addEvidence({ id: b.id, kind: 'photo', fileName: 'copy.png', mime: 'image/png', dataBase64: png('same-1') });
    const flagsA = (await dm(compliance.api).get({ id: a.id })).flags.map((f: { kind: string }) => f.kind);
    const flagsB = (await dm(compliance.api).get({ id: b.id })).flags.map((f: { kind: string }) => f.kind);
    expect(flagsA).toContain('duplicate_photo');
    expect(flagsB).toContain('duplicate_photo');
    // Both meetings run at the same time and Dr Li signed into both.
    expect(flagsA).toContain('hcp_overlap');
    expect(flagsB).toContain('hcp_overlap');
    // Compliance's queue shows them and resolves one with findings.
    const queue = await dm(compliance.api).flags({ status: 'open' });
    const dup = queue.find((f: { kind: string; meetingId: string }) => f.kind === 'duplicate_photo' && f.meetingId === b.id);
    expect(dup).toBeTruthy();
    await dm(compliance.api).resolveFlag({ flagId: dup.id, findings: '代表误传照片，已更正' });
    expect((await dm(compliance.api).flags({ status: 'open' })).some((f: { id: string }) => f.id === dup.id)).toBe(false);
    expect(await failureOf(dm(rep.api).flags({ status: 'open' }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the per-HCP yearly transfer-of-value total adds meals and speaker fees', async () => {
    const year = new Date(Date.now() + 10 * 60_000).getFullYear();
    const before = await dm(compliance.api).transfers({ personId: world.drWang, year });
    const m = await heldMeeting({ title: '会议丙' });
    await closeMeeting(m.id, 'tov', 300);
    const after = await dm(compliance.api).transfers({ personId: world.drWang, year });
    const row = (r: typeof after) => r.totals.find((t: { personId: string }) => t.personId === world.drWang) ?? { meals: 0, fees: 0, total: 0 };
    // Meal: ¥300 for 3 diners = ¥100 each; the speaker fee ¥1000.
    expect(row(after).meals - row(before).meals).toBe(10000);
    expect(row(after).fees - row(before).fees).toBe(100000);
    expect(row(after).total - row(before).total).toBe(110000);
    const csv = await dm(compliance.api).transfersCsv({ year });
    expect(csv).toContain('yearly_total');
    expect(csv).toContain('speaker_fee');
  });

  it('the plugin disabled: every procedure FORBIDDEN, jobs skip, data kept', async () => {
    const { id } = await dm(rep.api).create(plan({ title: '停用前的会议' }));
    const { token } = await heldMeeting({ title: '停用前已批准' }, []);
    const count = async () => (await db.sql<{ n: number }>(`select count(*) as n from dept_meetings_meeting where tenant_id = ?`, [tenantId]))[0]!.n;
    const before = Number(await count());
    await enablePlugin(tenantId, P, false);
    try {
      const procs = allProcedures().filter((p) => p.path.startsWith(`plugins.${P}.`));
      expect(procs.length).toBeGreaterThan(10);
      for (const proc of procs) {
        const f = await failureOf(callPath(proc.path.endsWith('signin') || proc.path.endsWith('signinInfo') ? anon : rep.api, proc.path, { id, token, personId: null, name: 'x', mobileLast4: '1234', meal: false, signature: SIGNATURE }));
        expect(f.code, proc.path).toBe('FORBIDDEN');
      }
      expect(await runJob(followUpJob, { tenantId, meetingId: id }, { jobId: 'off', attempt: 1 }, async () => {})).toEqual({ status: 'skipped', reason: 'plugin-disabled' });
      expect(Number(await count())).toBe(before);
    } finally {
      await enablePlugin(tenantId, P, true);
    }
    expect((await dm(rep.api).get({ id })).meeting.title).toBe('停用前的会议');
  });

  describe('capabilities', () => {
    it('meetings.briefs and objections.library answer for the acting member', async () => {
      const { capabilityFor } = await import('@/server/plugins/capabilities');
      const em = await forkEm(tenantId);
      const briefs = await capabilityFor(em, 'meetings.briefs');
      const list = await briefs!.list({ tenantId, em, userId: rep.id }, { limit: 50, from: new Date(Date.now() - 30 * 24 * HOUR) });
      expect(list.length).toBeGreaterThan(0);
      const brief = await briefs!.get(list[0]!.id, { tenantId, em, userId: rep.id });
      expect(brief?.invitees.length).toBeGreaterThan(0);
      const lib = await capabilityFor(em, 'objections.library');
      expect(Array.isArray(await lib!.list({ tenantId, em, userId: rep.id }, { limit: 10 }))).toBe(true);
    });
  });
});
