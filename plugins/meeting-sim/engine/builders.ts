/**
 * Drafts built from field data: a turn from a logged objection (editor), a whole scenario from a
 * planned 科室会 (personas = the invited HCPs with the attitude recorded on the plan). Pure: the
 * caller fetches the meeting brief through the `meetings.briefs` capability.
 */
import type { MeetingBrief } from '@/server/plugins/capabilities';
import { L, opt, standardCriteria, STANDARD_COMPETENCIES } from '../library/helpers';
import type { Localized, OBJECTION_CATEGORIES, Persona, ScenarioContent, Turn } from './schema';

const same = (text: string): Localized => ({ 'zh-CN': text, en: text });
const clampAttitude = (n: number) => Math.max(-2, Math.min(2, Math.round(Number.isFinite(n) ? n : 0)));

/** A turn in which `personaId` raises `objection`, with three answers to refine (probe, evidence, a trap). */
export function turnFromObjection(turnId: string, personaId: string, objection: string, next: string | null): Turn {
  return {
    id: turnId,
    personaId,
    line: same(objection),
    allowFreeText: true,
    options: [
      opt(`${turnId}_probe`, L('能具体说说您的顾虑吗？是在哪类患者身上遇到的？', 'Could you tell me more about the concern — in which patients did you see it?'), {
        tags: ['probed', 'acknowledged'],
        attitude: { [personaId]: 1 },
        next,
        scores: { needs_discovery: 4, objection_handling: 3 },
        feedback: L('先认同、再探询，了解异议背后的原因。', 'Acknowledged, then probed the reason behind the objection.'),
      }),
      opt(`${turnId}_evidence`, L('按说明书和已批准的资料，我们的数据是这样的……', 'According to the label and approved material, our data show…'), {
        tags: ['cited_evidence'],
        next,
        scores: { clinical_accuracy: 3, objection_handling: 2 },
        feedback: L('依据已批准资料回应，但没有先了解顾虑。', 'Answered from approved material without first exploring the concern.'),
      }),
      opt(`${turnId}_overclaim`, L('您放心，这个问题在我们的产品上完全不存在。', 'Don’t worry — that problem simply does not exist with our product.'), {
        tags: ['off_label_claim'],
        attitude: { [personaId]: -1 },
        next,
        scores: { clinical_accuracy: 0 },
        feedback: L('绝对化的保证超出说明书，合规门槛不通过。', 'An absolute guarantee goes beyond the label and fails the compliance gate.'),
        seconds: 30,
      }),
    ],
  };
}

function influenceOf(title: string | null): Persona['influence'] {
  if (!title) return 'L';
  if (/副主任|associate/i.test(title)) return 'M';
  if (/主任|chief|head|director/i.test(title)) return 'H';
  return 'L';
}

function categoryOf(text: string): (typeof OBJECTION_CATEGORIES)[number] {
  if (/价格|费用|医保|DRG|price|cost/i.test(text)) return 'price';
  if (/安全|不良|低血糖|副作用|safety|side/i.test(text)) return 'safety';
  if (/进院|药事会|目录|formulary/i.test(text)) return 'formulary';
  if (/证据|数据|研究|evidence|data|trial/i.test(text)) return 'evidence';
  if (/疗效|效果|efficacy/i.test(text)) return 'efficacy';
  if (/习惯|一直用|habit/i.test(text)) return 'habit';
  return 'other';
}

/** A draft scenario for rehearsing a planned meeting: one persona per invited HCP, one turn each. */
export function draftFromMeeting(brief: MeetingBrief): ScenarioContent {
  const invitees = brief.invitees.slice(0, 12);
  const personas: Persona[] = invitees.map((inv, i) => ({
    id: `hcp${i + 1}`,
    name: same(inv.name),
    title: same(inv.title ?? '—'),
    role: inv.attitude >= 1 ? L('支持者', 'Supporter') : inv.attitude <= -1 ? L('怀疑者', 'Skeptic') : L('中立', 'Neutral'),
    profile: L(`计划中记录的态度：${clampAttitude(inv.attitude)}`, `Attitude recorded on the plan: ${clampAttitude(inv.attitude)}`),
    influence: influenceOf(inv.title),
    attitude: clampAttitude(inv.attitude),
    adoptionStage: inv.attitude >= 1 ? 'interested' : 'aware',
    hiddenConcerns: [],
    objections: inv.objections.slice(0, 10).map((text) => ({ category: categoryOf(text), text: same(text) })),
    complianceTraps: [],
    sourcePersonId: inv.personId,
  }));
  const product = brief.productName ?? '—';
  const turns: Turn[] = personas.map((p, i) => {
    const objection = invitees[i]!.objections[0];
    const line = objection ?? `关于${product}，你们有什么新的证据？`;
    const t = turnFromObjection(`t${i + 1}`, p.id, line, `t${i + 2}`);
    if (!objection) t.line = L(`关于${product}，你们有什么新的证据？`, `What new evidence do you have on ${product}?`);
    return t;
  });
  const closerId = personas.reduce((best, p) => (p.influence === 'H' && best.influence !== 'H' ? p : best), personas[0]!).id;
  turns.push({
    id: `t${personas.length + 1}`,
    personaId: closerId,
    line: L('好，今天就到这里。你们下一步怎么安排？', 'Right, that is all for today. What is your next step?'),
    allowFreeText: true,
    options: [
      opt('close_next', L('我会把今天大家关心的问题整理好，按医院规定预约时间再来汇报。', 'I will gather today’s questions and book a time, by the hospital’s rules, to come back with answers.'), {
        tags: ['next_step'],
        attitude: { [closerId]: 1 },
        next: null,
        scores: { closing: 4, stakeholders: 3 },
        feedback: L('具体、合规的下一步。', 'A specific, compliant next step.'),
      }),
      opt('close_vague', L('好的，谢谢各位，以后多支持。', 'Thank you all — hope for your support.'), {
        next: null,
        scores: { closing: 1, stakeholders: 1 },
        feedback: L('笼统，且容易被理解为求处方。', 'Vague, and reads as asking for prescriptions.'),
      }),
    ],
  });
  const title = `${brief.title}（演练）`;
  return {
    format: 'rapport.meeting-sim/1',
    title: { 'zh-CN': title, en: `${brief.title} (rehearsal)` },
    summary: L(
      `依据计划中的科室会"${brief.title}"生成的演练草稿：${brief.institutionName ?? ''}${brief.departmentName ?? ''}，${invitees.length}位受邀医生。请补充已批准的产品声明、隐藏顾虑和合规陷阱后发布。`,
      `Rehearsal draft built from the planned meeting "${brief.title}": ${brief.institutionName ?? ''} ${brief.departmentName ?? ''}, ${invitees.length} invited HCPs. Add the approved claims, hidden concerns and compliance traps, then publish.`,
    ),
    type: 'dept_meeting_qa',
    product: {
      name: same(product),
      productId: brief.productId,
      approvedClaims: [{ id: 'indication', text: same(brief.indication ?? '—') }],
    },
    hospitalTier: L('—', '—'),
    department: same(brief.departmentName ?? '—'),
    formularyStatus: 'not_listed',
    competitor: L('—', '—'),
    timeBoxMinutes: Math.max(5, Math.min(30, personas.length * 2 + 2)),
    competencies: STANDARD_COMPETENCIES,
    patientFlow: [],
    personas,
    startTurnId: 't1',
    turns,
    rubric: { blockers: ['off_label_claim', 'inducement', 'promised_formulary_access'], criteria: standardCriteria(), passMark: 60 },
  };
}
