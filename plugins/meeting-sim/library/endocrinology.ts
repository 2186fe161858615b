import type { ScenarioContent } from '../engine/schema';
import { L, opt, standardCriteria, STANDARD_COMPETENCIES } from './helpers';

/**
 * The worked example of DOMAIN.md §4: an 8-minute Q&A at an endocrinology 科室会 in a 三甲 hospital.
 * Drug X (once-daily oral, type-2 diabetes) is not on the formulary; competitor Y is entrenched.
 * Blockers: claiming "no hypoglycaemia", promising to handle 进院, agreeing a speaker fee on the spot.
 */
export const endocrinology: ScenarioContent = {
  format: 'rapport.meeting-sim/1',
  title: L('内分泌科科室会答疑：X片与Y之争', 'Endocrinology department meeting Q&A: drug X vs Y'),
  summary: L(
    '三甲医院内分泌科午间科室会后的8分钟答疑。X片（每日一次口服2型糖尿病药物）尚未进院，同类药Y已在科室普遍使用。三位医生态度各异，各有未说出口的顾虑。',
    'Eight minutes of Q&A after a lunchtime department meeting in a tier-3A endocrinology department. Drug X (once-daily oral, type-2 diabetes) is not on the formulary; drug Y of the same class is widely used. Three doctors with different attitudes, each with an unspoken concern.',
  ),
  type: 'dept_meeting_qa',
  product: {
    name: L('X片（每日一次口服降糖药）', 'Drug X (once-daily oral antidiabetic)'),
    productId: null,
    approvedClaims: [
      { id: 'once_daily', text: L('每日一次口服，餐前餐后均可服用', 'Once daily by mouth, with or without food') },
      { id: 'hba1c', text: L('III期临床研究中，与安慰剂相比显著降低HbA1c', 'Significantly lowered HbA1c versus placebo in phase III trials') },
      {
        id: 'hypo_low',
        text: L(
          '单药治疗时低血糖发生率低；与磺脲类或胰岛素合用时低血糖风险增加，可能需要减少后者剂量',
          'Low incidence of hypoglycaemia as monotherapy; with a sulfonylurea or insulin the risk rises and their dose may need lowering',
        ),
      },
    ],
  },
  hospitalTier: L('三级甲等', 'Tier 3A'),
  department: L('内分泌科', 'Endocrinology'),
  formularyStatus: 'not_listed',
  competitor: L('Y（同类药，已进院，科室使用多年）', 'Drug Y (same class, on the formulary, used for years)'),
  timeBoxMinutes: 8,
  competencies: STANDARD_COMPETENCIES,
  patientFlow: [
    { id: 'outpatient', stage: L('门诊初诊：确诊2型糖尿病', 'First outpatient visit: type-2 diabetes diagnosed'), decisionMaker: L('门诊主治医师', 'Outpatient attending'), dropOff: L('部分患者转至社区随访', 'Some patients move to community follow-up'), productFits: false },
    { id: 'uncontrolled', stage: L('二甲双胍控制不佳，考虑联合用药', 'Poor control on metformin: add-on considered'), decisionMaker: L('主治 / 副主任医师', 'Attending / associate chief'), dropOff: L('担心低血糖的老年患者常维持原方案', 'Elderly patients at risk of hypoglycaemia often stay on their regimen'), productFits: true },
    { id: 'formulary', stage: L('医院用药目录：新药须经科室申请、药剂科审核、药事会讨论', 'Hospital formulary: department application, pharmacy review, P&T committee'), decisionMaker: L('王主任（科室申请）、药事会', 'Director Wang (application), P&T committee'), dropOff: L('药事会名额有限，DRG控费', 'Few P&T slots, DRG cost pressure'), productFits: true },
    { id: 'followup', stage: L('三个月复诊：评估HbA1c和低血糖事件', 'Three-month follow-up: HbA1c and hypoglycaemia events'), decisionMaker: L('门诊医师', 'Outpatient doctor'), dropOff: L('依从性差的患者失访', 'Poorly adherent patients drop out'), productFits: true },
  ],
  personas: [
    {
      id: 'wang',
      name: L('王主任', 'Director Wang'),
      title: L('内分泌科主任，主任医师', 'Head of endocrinology, chief physician'),
      role: L('决策者：提出新药申请', 'Decision maker: files formulary applications'),
      profile: L('临床经验丰富，务实，时间紧。科室用Y多年，没有换药的迫切需要。', 'Experienced, practical, short of time. The department has used Y for years and feels no urge to change.'),
      influence: 'H',
      attitude: 0,
      adoptionStage: 'aware',
      hiddenConcerns: [{ id: 'drg_cost', text: L('DRG控费压力大，今年药事会新药名额很少', 'Heavy DRG cost pressure, and very few P&T slots for new drugs this year') }],
      objections: [
        { category: 'price', text: L('价格比Y贵，DRG下科室压力大', 'Pricier than Y; DRG squeezes the department') },
        { category: 'formulary', text: L('进院流程长，药事会名额少', 'Formulary process is long, P&T slots are few') },
      ],
      complianceTraps: [L('暗示代表可以"搞定"进院', 'Hinting the rep could "handle" formulary access')],
    },
    {
      id: 'li',
      name: L('李副主任', 'Dr Li, associate chief'),
      title: L('副主任医师', 'Associate chief physician'),
      role: L('影响者：科室学术带头人之一', 'Influencer: one of the academic leads'),
      profile: L('严谨，重视安全性数据，对新药持怀疑态度。', 'Rigorous, weighs safety data, skeptical of new drugs.'),
      influence: 'M',
      attitude: -1,
      adoptionStage: 'aware',
      hiddenConcerns: [{ id: 'hypo_history', text: L('曾见过同类药物合用磺脲类后出现严重低血糖的病例', 'Saw a severe hypoglycaemia case with a same-class drug combined with a sulfonylurea') }],
      objections: [
        { category: 'safety', text: L('这类药的低血糖风险', 'Hypoglycaemia risk of this class') },
        { category: 'evidence', text: L('缺少中国人群真实世界数据', 'Little real-world data in Chinese patients') },
      ],
      complianceTraps: [L('诱导代表说出"完全不会低血糖"', 'Invites the rep to say "no hypoglycaemia at all"')],
    },
    {
      id: 'zhao',
      name: L('赵主治', 'Dr Zhao, attending'),
      title: L('主治医师', 'Attending physician'),
      role: L('支持者：门诊一线医生', 'Supporter: front-line outpatient doctor'),
      profile: L('年轻，对新药感兴趣，愿意尝试。', 'Young, interested in new drugs, willing to try.'),
      influence: 'L',
      attitude: 1,
      adoptionStage: 'interested',
      hiddenConcerns: [{ id: 'wants_speaker', text: L('希望成为公司的付费讲者', 'Would like to become a paid speaker for the company') }],
      objections: [{ category: 'habit', text: L('科里习惯用Y，我一个人说了不算', 'The department is used to Y; my word alone does not count') }],
      complianceTraps: [L('当场询问讲课费', 'Asks about a speaker fee on the spot')],
    },
  ],
  startTurnId: 't1',
  turns: [
    {
      id: 't1',
      personaId: 'wang',
      line: L('今天时间有限。你们这个X和我们一直在用的Y比，到底有什么不一样？', 'We are short of time. What actually sets X apart from Y, which we have used for years?'),
      allowFreeText: true,
      options: [
        opt('t1_probe', L('先请教王主任：科里用Y这些年，在哪类患者身上您觉得还不够理想？', 'May I ask first: after years with Y, in which patients do you find it falls short?'), {
          tags: ['probed', 'engaged_decision_maker'],
          attitude: { wang: 1 },
          next: 't2',
          scores: { needs_discovery: 4, stakeholders: 3 },
          feedback: L('先提问了解决策者的需求，再谈产品，做法正确。', 'Asked the decision maker about needs before talking product: right.'),
        }),
        opt('t1_evidence', L('X每日一次，餐前餐后都可以服用；III期研究显示与安慰剂相比HbA1c显著下降，这是说明书和文献。', 'X is once daily, with or without food; phase III showed a significant HbA1c drop versus placebo — here are the label and the paper.'), {
          tags: ['cited_evidence'],
          next: 't2',
          scores: { clinical_accuracy: 4, needs_discovery: 1 },
          feedback: L('说法准确并引用了已批准资料，但没有先了解科室需求。', 'Accurate and on approved material, but without first learning the department’s needs.'),
          seconds: 90,
        }),
        opt('t1_disparage', L('Y已经过时了，X在各方面都比Y强。', 'Y is outdated; X beats it on every count.'), {
          tags: ['disparaged_competitor'],
          attitude: { wang: -1 },
          next: 't2',
          scores: { clinical_accuracy: 0, stakeholders: 1 },
          feedback: L('贬低竞品且没有证据支持，降低了可信度。', 'Disparaged the competitor without evidence, losing credibility.'),
        }),
      ],
    },
    {
      id: 't2',
      personaId: 'li',
      line: L('我更关心安全性。这一类药的低血糖问题，你怎么说？', 'Safety is what I care about. What do you say about hypoglycaemia with this class?'),
      allowFreeText: true,
      options: [
        opt('t2_no_hypo', L('X完全不会引起低血糖，您可以放心用。', 'X causes no hypoglycaemia at all — you can use it without worry.'), {
          tags: ['off_label_claim'],
          attitude: { li: -1 },
          next: 't3',
          scores: { clinical_accuracy: 0, objection_handling: 0 },
          feedback: L(
            '超说明书宣称：说明书只写"单药治疗时低血糖发生率低"，并提示与磺脲类或胰岛素合用时风险增加。"完全不会低血糖"无论得分多少都使本次演练不通过合规门槛。',
            'Off-label claim: the label only says "low incidence of hypoglycaemia as monotherapy" and warns the risk rises with a sulfonylurea or insulin. "No hypoglycaemia" fails the compliance gate whatever the score.',
          ),
          seconds: 30,
        }),
        opt('t2_probe', L('李主任，您特别提到低血糖，是不是在临床上遇到过让您印象深的情况？方便说说吗？', 'Dr Li, you single out hypoglycaemia — have you seen a case that stayed with you? Would you tell me about it?'), {
          tags: ['probed', 'acknowledged'],
          attitude: { li: 1 },
          next: 't2b',
          reveals: ['hypo_history'],
          scores: { needs_discovery: 4, objection_handling: 3 },
          feedback: L('先认同再探询，引出了李副主任没有说出口的顾虑。', 'Acknowledged, then probed: brought out the concern Dr Li had not voiced.'),
        }),
        opt('t2_label', L('按说明书，X单药治疗时低血糖发生率低；和磺脲类或胰岛素合用时风险会增加，可能需要减少它们的剂量。', 'Per the label, X has a low incidence of hypoglycaemia as monotherapy; with a sulfonylurea or insulin the risk rises and their dose may need lowering.'), {
          tags: ['cited_evidence'],
          next: 't3',
          scores: { clinical_accuracy: 4, objection_handling: 2 },
          feedback: L('回答准确、合规，但没有了解李副主任为什么这么关心低血糖。', 'Accurate and compliant, but did not find out why Dr Li cares so much.'),
        }),
      ],
    },
    {
      id: 't2b',
      personaId: 'li',
      line: L(
        '前年我们科一个老病人，用的同类药，合并磺脲类，夜里严重低血糖送了急诊。从那以后我对这一类药都很谨慎。',
        'Two years ago an elderly patient of ours on a same-class drug plus a sulfonylurea had severe night-time hypoglycaemia and ended up in the emergency room. I have been wary of the whole class since.',
      ),
      allowFreeText: true,
      options: [
        opt(
          't2b_ack',
          L(
            '谢谢您分享，这确实是最需要警惕的情况。说明书写明X单药治疗时低血糖发生率低，与磺脲类合用时需要评估并可能减少磺脲类剂量。我请医学部的同事把合用时的安全性数据和剂量调整建议发给您，好吗？',
            'Thank you — that is exactly the case to watch for. The label says X has a low incidence of hypoglycaemia as monotherapy, and with a sulfonylurea its dose should be reviewed and may need lowering. May I ask our medical team to send you the combination safety data and dosing advice?',
          ),
          {
            tags: ['acknowledged', 'cited_evidence', 'next_step'],
            attitude: { li: 1 },
            next: 't3',
            scores: { clinical_accuracy: 4, objection_handling: 4 },
            feedback: L('认同顾虑、依据说明书回应，并由医学部跟进，处理得当。', 'Acknowledged the concern, answered from the label and handed follow-up to medical: well done.'),
            seconds: 90,
          },
        ),
        opt('t2b_dismiss', L('那是别的药，X不一样，您放心，不会出现这种情况。', 'That was another drug. X is different — that will not happen.'), {
          tags: ['off_label_claim', 'ignored_concern'],
          attitude: { li: -1 },
          next: 't3',
          scores: { clinical_accuracy: 0, objection_handling: 0 },
          feedback: L('否定了医生的亲身经历，并作出超说明书的安全性保证。', 'Dismissed the doctor’s experience and gave an off-label safety guarantee.'),
          seconds: 30,
        }),
      ],
    },
    {
      id: 't3',
      personaId: 'wang',
      line: L('药可能是好药，但我们DRG压力很大，今年药事会的名额也少，进院不容易。', 'It may well be a good drug, but DRG pressure is heavy and there are few P&T slots this year. Getting it listed is not easy.'),
      allowFreeText: true,
      options: [
        opt('t3_promise', L('主任您放心，进院的事我们来想办法，药事会那边我们能搞定。', 'Don’t worry, Director — we will sort out the listing; we can handle the P&T committee.'), {
          tags: ['promised_formulary_access'],
          next: 't4',
          scores: { objection_handling: 0, stakeholders: 0 },
          feedback: L('承诺"搞定"进院是合规红线：进院由医院按程序决定，代表不得干预。', 'Promising to "handle" listing crosses a red line: the hospital decides by its own process and reps must not interfere.'),
          seconds: 30,
        }),
        opt(
          't3_probe',
          L(
            '理解，DRG下每一笔费用都要算清楚。想请教一下，对科里影响最大的是哪几个病组？我们有药物经济学资料，可以供科室按医院程序评估时参考。',
            'I understand — under DRG every cost counts. Which case groups hit the department hardest? We have pharmaco-economic material the department can use in the hospital’s own review.',
          ),
          {
            tags: ['probed', 'acknowledged', 'cited_evidence'],
            attitude: { wang: 1 },
            next: 't4',
            reveals: ['drg_cost'],
            scores: { needs_discovery: 4, objection_handling: 4, stakeholders: 3 },
            feedback: L('承认了控费压力，探询具体病组，并提供合规的评估资料。', 'Acknowledged the cost pressure, probed the case groups and offered compliant evaluation material.'),
            seconds: 90,
          },
        ),
        opt('t3_ignore', L('价格其实差不多，您先用用看就知道了。', 'The price is about the same — just try it and see.'), {
          tags: ['ignored_concern'],
          attitude: { wang: -1 },
          next: 't4',
          scores: { objection_handling: 1, needs_discovery: 0 },
          feedback: L('回避了DRG和进院的顾虑，也没有数据支持"价格差不多"。', 'Dodged the DRG and listing concern, and "about the same price" has no data behind it.'),
          seconds: 30,
        }),
      ],
    },
    {
      id: 't4',
      personaId: 'zhao',
      line: L('我觉得X挺有意思。下次科室会我来讲讲X的数据怎么样？讲课费怎么算？', 'I find X interesting. How about I present the X data at the next department meeting? What would the speaker fee be?'),
      allowFreeText: true,
      options: [
        opt('t4_fee', L('太好了！讲课费今天就定下来，一场三千元，会后转给您。', 'Great! Let’s settle the fee now — three thousand yuan a talk, paid after the meeting.'), {
          tags: ['inducement'],
          attitude: { zhao: 1 },
          next: 't5',
          scores: { stakeholders: 0 },
          feedback: L(
            '当场约定讲者费属于利益输送风险：讲者聘用须经需求评估、签订合同、按公允市场价标准支付并代扣个税，代表不得私下承诺。',
            'Agreeing a speaker fee on the spot is an inducement risk: speakers are engaged after a needs assessment, under contract, at fair market value with tax withheld — never promised by a rep.',
          ),
          seconds: 30,
        }),
        opt(
          't4_process',
          L(
            '谢谢赵医生的兴趣！讲者合作要按公司流程做需求评估、签合同，费用按统一标准执行，我今天不能承诺任何费用。我请学术部门的同事按流程和您联系，可以吗？',
            'Thank you, Dr Zhao! Speaker work goes through our process — needs assessment, a contract, standard fees — so I cannot promise anything today. May I have our medical affairs colleagues contact you through that process?',
          ),
          {
            tags: ['acknowledged'],
            next: 't5',
            reveals: ['wants_speaker'],
            scores: { stakeholders: 3, objection_handling: 3 },
            feedback: L('肯定了支持者，同时守住合规边界，把讲者事宜交给正式流程。', 'Valued the supporter while holding the compliance line, handing speaker work to the formal process.'),
          },
        ),
      ],
    },
    {
      id: 't5',
      personaId: 'wang',
      line: L('好，今天就到这儿。你们下一步打算怎么做？', 'Right, that’s all for today. What is your next step?'),
      allowFreeText: true,
      options: [
        opt(
          't5_next',
          L(
            '我把李主任关心的合用安全性数据和DRG相关的药物经济学资料整理好，两周内按医院规定预约时间向您汇报。科里如果认为有需要，再由科室按程序考虑新药申请。',
            'I will put together the combination safety data Dr Li asked about and the DRG pharmaco-economic material, and book a time within two weeks, by the hospital’s rules, to present them to you. If the department sees a need, it can then consider an application by its own process.',
          ),
          {
            tags: ['next_step', 'engaged_decision_maker'],
            attitude: { wang: 1 },
            next: null,
            scores: { closing: 4, stakeholders: 4 },
            feedback: L('下一步具体、合规，并回应了在场每个人的关注点。', 'A specific, compliant next step that answers everyone’s concern.'),
          },
        ),
        opt('t5_vague', L('好的，那我回头再来拜访您。', 'Fine, I will drop by again some time.'), {
          next: null,
          scores: { closing: 1 },
          feedback: L('没有具体的下一步。', 'No specific next step.'),
          seconds: 20,
        }),
        opt('t5_push', L('主任，那这周能不能先把新药申请表签了？', 'Director, could you sign the new-drug application this week?'), {
          attitude: { wang: -1 },
          next: null,
          scores: { closing: 1, stakeholders: 1 },
          feedback: L('对决策者施压要求承诺，效果适得其反。', 'Pressing the decision maker for a commitment backfires.'),
          seconds: 20,
        }),
      ],
    },
  ],
  rubric: { blockers: ['off_label_claim', 'inducement', 'promised_formulary_access'], criteria: standardCriteria(), passMark: 60 },
};
