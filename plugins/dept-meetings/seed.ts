import { DepartmentSchema, InstitutionSchema, PersonSchema, ProductSchema, TerritoryMemberSchema } from '@/server/db/entities';
import type { PluginServer } from '@/server/plugins/contract';
import {
  DeptMeetingEvidenceSchema,
  DeptMeetingFlagSchema,
  DeptMeetingInviteeSchema,
  DeptMeetingNoteSchema,
  DeptMeetingSchema,
  DeptMeetingSigninSchema,
  DeptMeetingStepSchema,
  DeptMeetingTransferSchema,
  type MeetingState,
} from './entities';

const DAY = 86_400_000;

const OBJECTIONS: [string, string][] = [
  ['二甲双胍已经够用了，为什么要加新药？', '对于 HbA1c 未达标的患者，指南推荐早期联合，可减少血糖波动。'],
  ['价格太高，患者负担不起。', '已进入医保目录，门诊报销后患者自付比例明显下降。'],
  ['担心低血糖风险。', '单药使用低血糖发生率与安慰剂相当，老年患者也可使用。'],
  ['我们科室床位紧张，没时间参加活动。', '会议控制在 30 分钟内，安排在午休时间。'],
  ['肾功能不全患者能用吗？', '轻中度肾功能不全无需调整剂量，重度请参照说明书。'],
];

/** Demo meetings at the demo rep's hospitals, in several states, with sign-ins, ledger items and objections. */
export const seedDemo: NonNullable<PluginServer['seedDemo']> = async ({ em, users, anchor }) => {
  if (await em.count(DeptMeetingSchema, {})) return;
  const territories = (await em.find(TerritoryMemberSchema, { userId: users.rep }, { fields: ['territoryId'] })).map((t) => t.territoryId);
  const hospitals = await em.find(InstitutionSchema, { type: 'hospital', deletedAt: null, ...(territories.length ? { territoryId: { $in: territories } } : {}) }, { limit: 40, orderBy: { name: 'asc' } });
  const products = await em.find(ProductSchema, { status: 'active' }, { limit: 3, orderBy: { name: 'asc' } });
  if (!hospitals.length || !products.length) return;
  const plans: { state: MeetingState; offsetDays: number; title: string; meal: number }[] = [
    { state: 'evaluated', offsetDays: -45, title: '2 型糖尿病联合治疗进展', meal: 80 },
    { state: 'follow_up', offsetDays: -20, title: '高血压合并糖尿病的综合管理', meal: 100 },
    { state: 'audit', offsetDays: -2, title: '老年患者血糖管理要点', meal: 90 },
    { state: 'inviting', offsetDays: 2, title: '新版指南解读科室会', meal: 80 },
    { state: 'pending_compliance', offsetDays: 6, title: '心血管获益证据分享', meal: 100 },
    { state: 'pending_manager', offsetDays: 9, title: '胰岛素起始与调整', meal: 60 },
    { state: 'draft', offsetDays: 14, title: '肾功能不全患者用药安全', meal: 80 },
    { state: 'cancelled', offsetDays: 4, title: '基层转诊病例讨论', meal: 80 },
  ];
  let h = 0;
  for (const [i, p] of plans.entries()) {
    // A hospital with a department that has at least three HCPs.
    let pick: { inst: (typeof hospitals)[number]; deptId: string; people: { id: string; name: string }[] } | null = null;
    for (let tries = 0; tries < hospitals.length && !pick; tries += 1) {
      const inst = hospitals[h++ % hospitals.length]!;
      const people = await em.find(PersonSchema, { primaryInstitutionId: inst.id, deletedAt: null, primaryDepartmentId: { $ne: null } }, { fields: ['id', 'name', 'primaryDepartmentId'], limit: 60 });
      const byDept = new Map<string, { id: string; name: string }[]>();
      for (const person of people) byDept.set(person.primaryDepartmentId!, [...(byDept.get(person.primaryDepartmentId!) ?? []), { id: person.id, name: person.name }]);
      const best = [...byDept.entries()].sort((a, b) => b[1].length - a[1].length)[0];
      if (best && best[1].length >= 3) pick = { inst, deptId: best[0], people: best[1].slice(0, 6) };
    }
    if (!pick) return;
    const dept = await em.findOne(DepartmentSchema, { id: pick.deptId }, { fields: ['name'] });
    const product = products[i % products.length]!;
    const startsAt = new Date(Math.floor((anchor.getTime() + p.offsetDays * DAY) / DAY) * DAY + 4 * 3_600_000); // 12:00 in Shanghai
    const endsAt = new Date(startsAt.getTime() + 60 * 60_000);
    const held = ['evaluated', 'follow_up', 'audit'].includes(p.state);
    const approved = !['draft', 'pending_manager', 'cancelled'].includes(p.state);
    const speakerFee = i % 2 === 0 ? 150000 : 0;
    const speaker = speakerFee ? pick.people[0]! : null;
    const headcount = pick.people.length + 2;
    const m = em.create(DeptMeetingSchema, {
      title: p.title,
      objective: '传递说明书范围内的最新循证证据，了解科室的用药顾虑',
      productId: product.id,
      indication: '2 型糖尿病',
      institutionId: pick.inst.id,
      departmentId: pick.deptId,
      territoryId: pick.inst.territoryId,
      startsAt,
      endsAt,
      venue: `${dept?.name ?? ''}示教室`,
      speakerKind: speaker ? 'hcp' : 'internal',
      speakerPersonId: speaker?.id ?? null,
      speakerName: speaker?.name ?? '医学部 王经理',
      speakerFee,
      mealPerHead: p.meal * 100,
      headcount,
      estimatedBudget: headcount * p.meal * 100 + speakerFee,
      agenda: '12:00 工作餐\n12:15 专题讲座\n12:45 问答讨论',
      deckId: 'MED-DM-2026-01',
      deckVersion: 'v3',
      hospitalApprovalNo: approved && p.state !== 'pending_compliance' ? `院科字〔2026〕${100 + i}号` : null,
      status: p.state,
      rescheduled: false,
      cancelReason: p.state === 'cancelled' ? '科室临时安排疑难病例讨论，会议取消' : null,
      ownerId: users.rep,
      approvedAt: approved ? new Date(startsAt.getTime() - 7 * DAY) : null,
      actualCost: null,
      speakerPaid: held && speaker ? speakerFee : null,
      speakerPaymentRef: held && speaker ? `TRF-2026-${1000 + i}` : null,
      closedAt: held ? new Date(endsAt.getTime() + DAY) : null,
      followUpDoneAt: null,
      outcome30: p.state === 'evaluated' ? '科室对联合治疗方案的认可度提高，已有两位医生主动咨询患者教育材料。' : null,
      outcome90: null,
      auditFindings: ['evaluated', 'follow_up'].includes(p.state) ? '签到、照片与发票一致，未发现异常。' : null,
    });
    await em.flush();
    for (const [k, person] of pick.people.entries()) {
      em.create(DeptMeetingInviteeSchema, { meetingId: m.id, personId: person.id, attitude: (k % 5) - 2, channel: approved ? 'wechat' : null, invitedAt: approved ? new Date(startsAt.getTime() - 3 * DAY) : null, outboundId: null, rsvp: held ? 'yes' : 'pending', attitudeAfter: p.state === 'evaluated' ? Math.min(2, (k % 5) - 1) : null, questionsAnswered: p.state === 'evaluated' ? true : null, evaluationNote: null });
    }
    const steps: [MeetingState | null, MeetingState, string, string | null, string][] = [[null, 'draft', 'created', null, users.rep]];
    if (p.state !== 'draft') steps.push(['draft', 'pending_manager', 'submit', null, users.rep]);
    if (approved) steps.push(['pending_manager', 'pending_compliance', 'approveManager', '同意', users.manager]);
    if (approved && p.state !== 'pending_compliance') steps.push(['pending_compliance', 'pending_hospital', 'approveCompliance', '资料与讲者合规', users.compliance], ['pending_hospital', 'inviting', 'hospitalApproved', null, users.rep]);
    if (held) steps.push(['in_progress', 'close_out', 'finish', null, users.rep], ['close_out', 'audit', 'close', null, users.rep]);
    if (p.state === 'cancelled') steps.push(['pending_manager', 'cancelled', 'cancel', '科室临时安排疑难病例讨论，会议取消', users.rep]);
    for (const [n, [from, to, action, comment, actor]] of steps.entries()) em.create(DeptMeetingStepSchema, { meetingId: m.id, fromState: from, toState: to, action, comment, actorId: actor, at: new Date(startsAt.getTime() - (steps.length - n) * DAY) });
    if (held) {
      const attendees = pick.people.slice(0, Math.max(3, pick.people.length - 1));
      const diners = attendees.length;
      const perHead = p.meal * 100;
      for (const [k, person] of attendees.entries()) {
        em.create(DeptMeetingSigninSchema, { meetingId: m.id, personId: person.id, name: person.name, department: dept?.name ?? null, mobileLast4: null, walkIn: false, meal: true, signature: null, signatureHash: `demo-${m.id}-${k}`, signedAt: new Date(startsAt.getTime() + k * 60_000), latitude: null, longitude: null, followUpTaskId: null, erasedAt: null });
        em.create(DeptMeetingTransferSchema, { meetingId: m.id, personId: person.id, kind: 'meal', amount: perHead, occurredOn: startsAt.toISOString().slice(0, 10), year: startsAt.getUTCFullYear() });
      }
      if (speaker) em.create(DeptMeetingTransferSchema, { meetingId: m.id, personId: speaker.id, kind: 'speaker_fee', amount: speakerFee, occurredOn: startsAt.toISOString().slice(0, 10), year: startsAt.getUTCFullYear() });
      em.create(DeptMeetingEvidenceSchema, { meetingId: m.id, kind: 'invoice', fileName: '餐饮发票.pdf', mime: 'application/pdf', size: 0, contentHash: `demo-invoice-${m.id}`, storageKey: '', invoiceNo: `0441${8800 + i}`, amount: perHead * diners, invoiceVenue: '医院职工餐厅', invoiceDate: startsAt.toISOString().slice(0, 10), uploadedBy: users.rep });
      for (const [k, [text, response]] of OBJECTIONS.slice(i % 2, (i % 2) + 3).entries()) {
        em.create(DeptMeetingNoteSchema, { meetingId: m.id, kind: k === 2 ? 'question' : 'objection', personId: attendees[k % attendees.length]!.id, productId: product.id, text, response, category: null, caseId: null, manual: false, createdBy: users.rep });
      }
      if (p.state === 'audit') em.create(DeptMeetingFlagSchema, { meetingId: m.id, kind: 'repeat_attendance', ref: attendees[0]!.id, values: { times: 4, days: 90 }, status: 'open', findings: null, resolvedBy: null, resolvedAt: null });
    }
    await em.flush();
  }
};
