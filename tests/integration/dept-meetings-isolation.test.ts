/**
 * Department meetings across companies: every procedure of plugins.dept-meetings.*, called by
 * company A's admin with company B's ids, finds nothing and changes nothing of B's.
 */
import { beforeAll, expect, it } from 'vitest';
import { PersonSchema } from '@/server/db/entities';
import { forkEm } from '@/server/db/orm';
import { allProcedures, callerFor, callPath, createTenantWithAdmin, failureOf, forEachDatabase, signIn, type Caller } from '../support/db';
import { member, seedWorld, type WorkWorld } from './work-fixtures';

const P = 'dept-meetings';

forEachDatabase((db) => {
  let A: Caller;
  let B: { world: WorkWorld; meetingId: string; evidenceId: string; flagId: string; signinId: string; token: string; tenantId: string };
  const exercised = new Set<string>();
  const asA = (proc: string, input?: unknown) => {
    exercised.add(`plugins.${P}.${proc}`);
    return callPath(A, `plugins.${P}.${proc}`, input);
  };
  const notFound = async (proc: string, input: unknown) => expect((await failureOf(asA(proc, input))).appCode, proc).toBe('NOT_FOUND');

  beforeAll(async () => {
    const a = await createTenantWithAdmin(`Meetings A ${db.driver}`, { plugins: [P] });
    A = callerFor(await signIn(a.admin.id, a.tenant.id));
    const b = await createTenantWithAdmin(`Meetings B ${db.driver}`, { plugins: [P] });
    const world = await seedWorld(b.tenant.id);
    const em = await forkEm(b.tenant.id);
    const li = await em.findOneOrFail(PersonSchema, { id: world.drLi });
    li.mobile = '13900002222';
    await em.flush();
    const rep = await member(b.tenant.id, ['rep'], [world.north]);
    const mgr = await member(b.tenant.id, ['manager'], [world.region]);
    const cmp = await member(b.tenant.id, ['compliance']);
    const api = (c: Caller) => (c.plugins as unknown as Record<string, Record<string, (i: unknown) => Promise<never>>>)[P]!;
    const { id } = (await api(rep.api).create!({
      title: 'B 公司会议', objective: 'x', productId: world.productA, indication: 'y', institutionId: world.hospitalN, departmentId: world.deptN,
      startsAt: new Date(Date.now() + 5 * 60_000), durationMinutes: 60, venue: '示教室', speakerKind: 'hcp', speakerPersonId: world.drWang, speakerName: null,
      speakerFee: 500, mealPerHead: 80, headcount: 3, agenda: '', deckId: 'D', deckVersion: '1', invitees: [{ personId: world.drLi, attitude: 0 }],
    })) as { id: string };
    await api(rep.api).transition!({ id, action: 'submit' });
    await api(mgr.api).transition!({ id, action: 'approveManager' });
    await api(cmp.api).transition!({ id, action: 'approveCompliance' });
    await api(rep.api).transition!({ id, action: 'hospitalApproved', hospitalApprovalNo: 'N-1' });
    const { path } = (await api(rep.api).signinLink!({ id })) as { path: string };
    const token = path.split('/').pop()!;
    const pub = (callerFor(null).plugins as unknown as Record<string, { public: Record<string, (i: unknown) => Promise<{ id: string }>> }>)[P]!.public;
    const signin = await pub.signin!({ token, personId: world.drLi, name: '', mobileLast4: '2222', meal: true, signature: `data:image/png;base64,${Buffer.alloc(300, 1).toString('base64')}` });
    await api(rep.api).transition!({ id, action: 'finish' });
    const ev = (await api(rep.api).addEvidence!({ id, kind: 'photo', fileName: 'p.png', mime: 'image/png', dataBase64: Buffer.from('photo-b').toString('base64') })) as { id: string };
    await api(rep.api).logNote!({ id, kind: 'adverse_event', text: '头晕' });
    const flags = (await api(cmp.api).flags!({ status: 'open' })) as { id: string }[];
    B = { world, meetingId: id, evidenceId: ev.id, flagId: flags[0]!.id, signinId: signin.id, token, tenantId: b.tenant.id };
  });

  it('A finds none of B’s meetings, evidence, flags or ledger items and cannot touch them', async () => {
    const w = B.world;
    const id = B.meetingId;
    expect(await asA('list', {})).toEqual([]);
    expect(await asA('inbox')).toEqual([]);
    expect(await asA('flags', { status: 'all' })).toEqual([]);
    expect(((await asA('transfers', { year: new Date().getFullYear() })) as { items: unknown[] }).items).toEqual([]);
    expect(await asA('transfersCsv', { year: new Date().getFullYear() })).not.toContain(w.drLi);
    expect(((await asA('planOptions', { institutionId: w.hospitalN })) as { people: unknown[]; institutions: unknown[] }).people).toEqual([]);
    await notFound('get', { id });
    const plan = { title: 't', objective: 'o', productId: w.productA, indication: 'i', institutionId: w.hospitalN, departmentId: null, startsAt: new Date(), durationMinutes: 60, venue: 'v', speakerKind: 'none', speakerPersonId: null, speakerName: null, speakerFee: 0, mealPerHead: 10, headcount: 1, agenda: '', deckId: null, deckVersion: null, invitees: [] };
    expect((await failureOf(asA('create', plan))).appCode).toMatch(/NOT_FOUND|INVALID_PRODUCT/);
    await notFound('update', { ...plan, id, comment: null });
    await notFound('transition', { id, action: 'cancel', comment: 'x' });
    await notFound('invite', { id, channel: 'sms' });
    await notFound('rsvp', { id, personId: w.drLi, rsvp: 'yes' });
    await notFound('signinLink', { id });
    await notFound('addEvidence', { id, kind: 'photo', fileName: 'a.png', mime: 'image/png', dataBase64: 'AAAA' });
    await notFound('evidenceFile', { evidenceId: B.evidenceId });
    await notFound('logNote', { id, kind: 'objection', text: 'x' });
    await notFound('closeOut', { id, speakerPaid: 1, speakerPaymentRef: null });
    await notFound('reconcile', { id, signinId: B.signinId, remove: true });
    await notFound('evaluate', { id, personId: w.drLi, attitudeAfter: 1, questionsAnswered: true });
    await notFound('outcome', { id, day: 30, text: 'x' });
    await notFound('resolveFlag', { flagId: B.flagId, findings: 'x' });
    const settings = (await asA('settings')) as { followUpOffsetDays: number };
    await asA('updateSettings', { ...settings, followUpOffsetDays: 30 });
    const bSettings = await db.sql<{ settings: unknown }>(`select settings from tenant_plugin where tenant_id = ? and plugin_id = ?`, [B.tenantId, P]);
    expect(JSON.stringify(bSettings[0]?.settings)).not.toContain('"followUpOffsetDays":30');
    // Public: the link is the credential and names its own company; a forged one finds nothing.
    exercised.add(`plugins.${P}.public.signinInfo`).add(`plugins.${P}.public.signin`);
    const anon = callerFor(null);
    expect((await failureOf(callPath(anon, `plugins.${P}.public.signinInfo`, { token: `${B.token}x` }))).appCode).toBe('LINK_INVALID');
    expect((await failureOf(callPath(anon, `plugins.${P}.public.signin`, { token: `${B.token}x`, name: 'x', mobileLast4: '1234', meal: false, signature: 'x' }))).appCode).toBe('LINK_INVALID');
    // B's data is intact.
    const rows = await db.sql<{ status: string }>(`select status from dept_meetings_meeting where id = ?`, [id]);
    expect(rows[0]!.status).toBe('close_out');
    expect((await db.sql(`select id from dept_meetings_flag where id = ? and status = 'open'`, [B.flagId])).length).toBe(1);
  });

  it('exercised every dept-meetings procedure', () => {
    const all = allProcedures().map((p) => p.path).filter((p) => p.startsWith(`plugins.${P}.`));
    expect(all.filter((p) => !exercised.has(p))).toEqual([]);
  });
});
