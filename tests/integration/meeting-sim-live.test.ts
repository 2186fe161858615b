/**
 * meeting-sim live sessions (trainer-led: join by code while signed in, answers arrive in the
 * presenter view, hand scores, the trainer advances the shared conversation), the leaderboard
 * setting, and the retention job that deletes old run recordings.
 */
import { beforeAll, expect, it } from 'vitest';
import { SimRunSchema } from '@/plugins/meeting-sim/entities';
import { manifest } from '@/plugins/meeting-sim/manifest';
import { addMember, callerFor, callPath, createTenantWithAdmin, createUser, failureOf, forEachDatabase, signIn, uid, type Caller } from '../support/db';

const SIM = 'plugins.meeting-sim';
const call = <T = Record<string, unknown>>(api: Caller, path: string, input?: unknown) => callPath(api, `${SIM}.${path}`, input) as Promise<T>;

forEachDatabase((db) => {
  let tenantId: string;
  let admin: Caller;
  let trainer: Caller;
  const reps: { id: string; api: Caller }[] = [];
  let scenarioId: string;

  beforeAll(async () => {
    const t = await createTenantWithAdmin(`Live ${db.driver}`);
    tenantId = t.tenant.id;
    admin = callerFor(await signIn(t.admin.id, tenantId));
    await admin.admin.modules.setEnabled({ pluginId: 'dept-meetings', enabled: true });
    await admin.admin.modules.setEnabled({ pluginId: 'meeting-sim', enabled: true });
    const tr = await createUser(`${uid('tr-')}@example.test`);
    await addMember(tenantId, tr.id, ['trainer']);
    trainer = callerFor(await signIn(tr.id, tenantId));
    for (const name of ['张磊', '王静', '刘洋']) {
      const u = await createUser(`${uid('r-')}@example.test`, undefined, { name });
      await addMember(tenantId, u.id, ['rep']);
      reps.push({ id: u.id, api: callerFor(await signIn(u.id, tenantId)) });
    }
    scenarioId = (await call<{ id: string; libraryKey: string }[]>(trainer, 'scenarios.list')).find((s) => s.libraryKey === 'endocrinology-x')!.id;
  });

  it('a live session: trainees join by code, answers arrive, the trainer scores by hand and advances', async () => {
    const { id, code } = await call<{ id: string; code: string }>(trainer, 'live.create', { scenarioId });
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(await failureOf(call(reps[0]!.api, 'live.presenter', { id }))).toMatchObject({ code: 'FORBIDDEN' });
    for (const r of reps) expect(await call(r.api, 'live.join', { code: code.toLowerCase() })).toEqual({ id });
    await call(reps[0]!.api, 'live.answer', { id, stepIndex: 0, optionId: 't1_probe' });
    await call(reps[1]!.api, 'live.answer', { id, stepIndex: 0, optionId: 't1_probe' });
    await call(reps[2]!.api, 'live.answer', { id, stepIndex: 0, freeText: 'Y已经过时了' });
    await call(reps[2]!.api, 'live.answer', { id, stepIndex: 0, optionId: 't1_evidence' }); // changed their mind
    let p = await call<{ counts: { optionId: string; count: number }[]; answers: { id: string; userName: string }[] }>(trainer, 'live.presenter', { id });
    expect(p.counts).toEqual([
      { optionId: 't1_probe', count: 2 },
      { optionId: 't1_evidence', count: 1 },
      { optionId: 't1_disparage', count: 0 },
    ]);
    expect(p.answers.map((a) => a.userName).sort()).toEqual(['刘洋', '张磊', '王静']);
    await call(trainer, 'live.score', { answerId: p.answers[0]!.id, score: 4 });
    await call(trainer, 'live.advance', { id, optionId: 't1_probe' });
    expect(await failureOf(call(reps[0]!.api, 'live.answer', { id, stepIndex: 0, optionId: 't1_probe' }))).toMatchObject({ appCode: 'SESSION_MOVED_ON' });
    const view = await call<{ stepIndex: number; turn: { id: string }; myAnswer: unknown }>(reps[0]!.api, 'live.view', { id });
    expect(view).toMatchObject({ stepIndex: 1, turn: { id: 't2' }, myAnswer: null });
    await call(reps[0]!.api, 'live.answer', { id, stepIndex: 1, optionId: 't2_probe' });
    await call(trainer, 'live.advance', { id, optionId: 't2_probe' });
    p = await call(trainer, 'live.presenter', { id });
    expect((p as unknown as { view: { personas: { id: string; attitude: number }[] } }).view.personas.find((x) => x.id === 'li')!.attitude).toBe(0);
    await call(trainer, 'live.close', { id });
    expect(await failureOf(call(reps[1]!.api, 'live.join', { code }))).toMatchObject({ appCode: 'SESSION_CODE_UNKNOWN' });
  });

  it('the leaderboard ranks gate-passing runs and can be turned off', async () => {
    const good = ['t1_probe', 't2_probe', 't2b_ack', 't3_probe', 't4_process', 't5_next'];
    const bad = ['t1_probe', 't2_no_hypo', 't3_probe', 't4_process', 't5_next'];
    for (const [i, path] of [good, bad].entries()) {
      const run = await call<{ id: string }>(reps[i]!.api, 'runs.start', { scenarioId });
      for (const optionId of path) await call(reps[i]!.api, 'runs.answer', { runId: run.id, optionId });
    }
    const board = await call<{ enabled: boolean; rows: { name: string; best: number | null; rank: number }[] }>(reps[2]!.api, 'training.leaderboard', {});
    expect(board.enabled).toBe(true);
    expect(board.rows[0]).toMatchObject({ name: '张磊', rank: 1 });
    expect(board.rows.find((r) => r.name === '王静')!.best).toBeNull(); // a gate failure never ranks
    await admin.admin.modules.updateSettings({ pluginId: 'meeting-sim', settings: { ...manifest.settings.defaults, leaderboardEnabled: false } });
    expect(await call(reps[2]!.api, 'training.leaderboard', {})).toEqual({ enabled: false, rows: [] });
  });

  it('the retention job deletes run recordings older than the tenant’s setting', async () => {
    const em = await db.em(tenantId);
    const runs = await em.find(SimRunSchema, {});
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const old = runs[0]!;
    await em.nativeUpdate(SimRunSchema, { id: old.id }, { finishedAt: new Date(Date.now() - 800 * 86_400_000), startedAt: new Date(Date.now() - 800 * 86_400_000) });
    const { retentionJob } = await import('@/plugins/meeting-sim/server');
    const result = await retentionJob.handle({ tenantId }, { em: await db.em(tenantId), jobId: 'test', attempt: 1 } as never);
    expect(result).toMatchObject({ runs: 1 });
    expect(await (await db.em(tenantId)).count(SimRunSchema, {})).toBe(runs.length - 1);
  });
});
