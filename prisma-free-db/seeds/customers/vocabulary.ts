/**
 * Words the seeds compose names and texts from. Surname weights follow the national frequency
 * ranking (per mille, rounded); a few polyphonic surnames (曾 单 解 查) and compound ones (欧阳 司马)
 * keep pinyin search honest.
 */
import type { Gender, HcpTitle, InstitutionType } from '@/server/db/entities';

export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['赵', 23], ['黄', 22], ['周', 21], ['吴', 20],
  ['徐', 17], ['孙', 15], ['胡', 13], ['朱', 13], ['高', 12], ['林', 12], ['何', 12], ['郭', 11], ['马', 11], ['罗', 9],
  ['梁', 9], ['宋', 8], ['郑', 8], ['谢', 7], ['韩', 7], ['唐', 6], ['冯', 6], ['于', 6], ['董', 6], ['肖', 6],
  ['程', 5], ['曹', 5], ['袁', 5], ['邓', 5], ['许', 5], ['傅', 4.5], ['沈', 4.5], ['曾', 4.5], ['彭', 4.5], ['吕', 4.5],
  ['苏', 4], ['卢', 4], ['蒋', 4], ['蔡', 4], ['贾', 3.5], ['丁', 3.5], ['魏', 3.5], ['薛', 3], ['叶', 3], ['阎', 3],
  ['余', 3], ['潘', 3], ['杜', 3], ['戴', 2.8], ['夏', 2.8], ['钟', 2.8], ['汪', 2.7], ['田', 2.7], ['任', 2.6], ['姜', 2.6],
  ['范', 2.5], ['方', 2.5], ['石', 2.4], ['姚', 2.4], ['谭', 2.3], ['廖', 2.2], ['邹', 2.2], ['熊', 2.2], ['金', 2.1], ['陆', 2.1],
  ['郝', 2], ['孔', 2], ['白', 2], ['崔', 2], ['康', 1.9], ['毛', 1.9], ['邱', 1.9], ['秦', 1.8], ['江', 1.8], ['史', 1.8],
  ['顾', 1.7], ['侯', 1.7], ['邵', 1.7], ['孟', 1.6], ['龙', 1.6], ['万', 1.5], ['段', 1.5], ['雷', 1.5], ['钱', 1.4], ['汤', 1.4],
  ['尹', 1.4], ['黎', 1.3], ['易', 1.3], ['常', 1.3], ['武', 1.3], ['乔', 1.2], ['贺', 1.2], ['赖', 1.2], ['龚', 1.2], ['文', 1.1],
  ['单', 0.5], ['解', 0.3], ['查', 0.3], ['欧阳', 0.5], ['司马', 0.1], ['上官', 0.1],
];

/** Given-name characters: the first of two, and the last (or only) one, by gender. */
export const GIVEN_FIRST: Record<Exclude<Gender, 'unknown'>, string> = {
  male: '建志国文晓永俊海小立家明子伟宏德振春思天嘉宇一浩晨云承',
  female: '晓丽秀美春雅海玉佳文静雪思欣雨梦诗一子嘉若慧亚晨云',
};
export const GIVEN_LAST: Record<Exclude<Gender, 'unknown'>, string> = {
  male: '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁国峰浩宇亮俊龙林森凯健毅锋博彬翔洋鸣坤睿哲军然',
  female: '芳娜敏静丽艳娟霞秀玲燕丹萍红琳婷雪慧颖洁倩晶欣悦佳怡蕾瑶琴梅莉岚薇璐菲蓉媛露洋',
};

/** Clinical titles and how colleagues address the holder (王主任, 李医生 …). */
export const TITLE_LABELS: Record<HcpTitle, { zh: string; address: string }> = {
  chief: { zh: '主任医师', address: '主任' },
  associate_chief: { zh: '副主任医师', address: '主任' },
  attending: { zh: '主治医师', address: '医生' },
  resident: { zh: '住院医师', address: '医生' },
  chief_pharmacist: { zh: '主任药师', address: '主任' },
  associate_chief_pharmacist: { zh: '副主任药师', address: '主任' },
  pharmacist: { zh: '药师', address: '药师' },
  nurse: { zh: '护师', address: '护士长' },
  other: { zh: '其他', address: '经理' },
};

/** A department (科室) template: its name, specialty, the sub-specialties its people have. */
export interface DepartmentTemplate {
  name: string;
  specialty: string;
  subspecialties: readonly string[];
  /** Pharmacy departments hold pharmacists, not doctors. */
  pharmacy?: boolean;
  /** Topics a rep discusses there (notes and key-message context). */
  topics: readonly string[];
}

/** Departments of non-hospital institutions (hospitals take theirs from the company profile). */
export const OTHER_DEPARTMENTS: Partial<Record<InstitutionType, readonly DepartmentTemplate[]>> = {
  clinic: [
    { name: '全科医学科', specialty: '全科', subspecialties: ['慢病管理', '家庭医生签约'], topics: ['基层慢病规范化管理', '家庭医生签约患者随访'] },
    { name: '药房', specialty: '药学', subspecialties: ['药品调剂'], pharmacy: true, topics: ['基层药品供应保障', '长处方管理'] },
  ],
  distributor: [
    { name: '采购部', specialty: '采购', subspecialties: ['药品采购'], topics: ['季度采购计划', '配送时效'] },
    { name: '质量管理部', specialty: '质量', subspecialties: ['GSP质量管理'], topics: ['首营资料', '冷链验证'] },
  ],
  other: [{ name: '业务科', specialty: '公共卫生', subspecialties: ['慢病防控'], topics: ['区域慢病筛查项目', '公共卫生宣教合作'] }],
};

/** Administrative roles. */
export const ADMIN_ROLES = {
  departmentHead: '科主任',
  deputyHead: '科室副主任',
  pharmacyHead: '药剂科主任',
  headNurse: '护士长',
  hospital: ['副院长', '医务处处长', '采购中心主任', '设备科科长'] as const,
  pharmacy: ['店长', '质量负责人', '采购经理'] as const,
  distributor: ['采购经理', '商务经理', '质量负责人'] as const,
};

export const SECONDARY_POSITIONS = ['多点执业', '特聘专家', '兼职教授', '专家门诊'];

export const EMAIL_DOMAINS = ['163.com', 'qq.com', '126.com', 'sina.com', 'foxmail.com', 'hotmail.com'];

/** Reactions the rep records, by outcome. */
export const REACTIONS = {
  positive: ['对方认可临床获益，愿意在合适的患者中尝试', '主任表示会在科室内部分享', '同意下次安排科室会', '对最新研究数据很感兴趣，希望拿到全文', '认可产品质量，愿意保持合作'],
  neutral: ['对方表示需要更多循证数据', '科室目前用药习惯稳定，暂无调整计划', '关注医保报销比例和价格', '希望看到真实世界研究结果', '表示先了解，后续再沟通'],
  negative: ['对方对价格有顾虑', '反馈曾有患者出现胃肠道不适，态度保留', '表示药事会名额有限，短期内难以进院', '竞品已在科室使用，更换意愿低'],
  no_contact: ['对方在手术中，未能见面，约定下周再访', '电话未接通，已发送短信说明来意', '门诊繁忙，仅简短交流', '对方外出开会，已与科室秘书预约时间'],
} as const;

export const MATERIALS = ['最新版产品说明书', '临床研究文献汇编', '患者教育手册', '指南解读幻灯', '学术会议邀请函', '药物经济学评价资料', '真实世界研究摘要'];

export const NEXT_STEPS = [
  '两周内回访，了解试用患者的反馈',
  '提交进院申请所需资料',
  '安排科室会，主题：{topic}',
  '邀请参加近期学术活动',
  '寄送{material}',
  '与药剂科确认下季度采购计划',
  '跟进患者用药随访情况',
  '预约下次拜访，补充讲解{topic}',
];

/** Tasks a team member keeps besides follow-ups. */
export const OWN_TASKS = ['提交本月拜访计划', '整理季度客户分级名单', '完成医药代表备案信息年度更新', '更新重点医院进院进度表', '完成合规培训课程', '准备区域月度工作汇报'];

export const ORDER_REMARKS = ['发票随货同行', '请于工作日送货，送货前电话联系', '需冷链运输并提供温度记录', '分两批到货', '请附本批次药检报告', '收货后三日内对账'];

export const PAYMENT_BY_TYPE: Record<InstitutionType, readonly (readonly ['bank_transfer' | 'cash' | 'card' | 'wechat_pay' | 'alipay' | 'credit' | 'other', number])[]> = {
  hospital: [['bank_transfer', 6], ['credit', 4]],
  clinic: [['bank_transfer', 6], ['wechat_pay', 2], ['alipay', 1]],
  pharmacy: [['bank_transfer', 5], ['wechat_pay', 3], ['alipay', 2]],
  chain: [['bank_transfer', 7], ['credit', 3]],
  distributor: [['bank_transfer', 5], ['credit', 5]],
  other: [['bank_transfer', 1]],
};

export interface ServiceTemplate {
  type: 'technical_support' | 'after_sales' | 'product_consultation' | 'return';
  /** Only about products of this kind (skipped by companies that sell none). */
  product?: 'device' | 'injectable';
  title: string;
  description: string;
  resolution: string;
}

/** `{product}` is replaced by a product name of the company. */
export const SERVICE_TEMPLATES: readonly ServiceTemplate[] = [
  { type: 'technical_support', product: 'device', title: '{product}使用中出现异常，需要技术支持', description: '客户反馈设备读数与检验科结果偏差较大，请求上门检查。', resolution: '已上门校准并更换试纸批次，复测结果正常。' },
  { type: 'technical_support', product: 'device', title: '{product}使用培训申请', description: '科室新入职护士较多，希望安排一次操作培训。', resolution: '已完成科室培训，共12人参加。' },
  { type: 'technical_support', product: 'injectable', title: '{product}配制与输注技术咨询', description: '静配中心询问配制浓度和输注时间。', resolution: '已由医学部书面答复并提供说明书。' },
  { type: 'after_sales', title: '{product}到货外包装破损', description: '本批到货有两箱外包装破损，需确认药品是否受影响。', resolution: '已补发同批次货物，破损箱已回收。' },
  { type: 'after_sales', title: '发票信息有误需重开', description: '发票抬头与税号不一致，财务无法入账。', resolution: '已作废原发票并重新开具。' },
  { type: 'after_sales', title: '到货数量与订单不符', description: '订单数量与实收数量相差一件。', resolution: '核对物流记录后已补发。' },
  { type: 'product_consultation', title: '咨询{product}的用法用量', description: '药剂科咨询特殊人群（老年、肾功能不全）的用法。', resolution: '已由医学部提供说明书相关章节及文献。' },
  { type: 'product_consultation', title: '咨询{product}的储存条件', description: '门诊药房询问开封后的储存要求。', resolution: '已书面答复储存条件并提供说明书。' },
  { type: 'return', title: '{product}近效期退货申请', description: '库存中有一批近效期产品，申请退货。', resolution: '退货已入库并完成冲红。' },
];

export const REQUIREMENTS: readonly { kind: 'packaging' | 'labeling' | 'delivery' | 'documentation' | 'other'; description: string }[] = [
  { kind: 'labeling', description: '外箱需加贴医院物资编码标签' },
  { kind: 'delivery', description: '要求冷链配送并随货提供全程温度记录' },
  { kind: 'documentation', description: '每批次随货附药检报告和首营资料' },
  { kind: 'packaging', description: '需要小包装规格（每盒14片）以便门诊发药' },
  { kind: 'delivery', description: '仅接受工作日上午送货，需提前一天预约' },
  { kind: 'documentation', description: '发票需注明批号和有效期' },
  { kind: 'other', description: '希望提供患者用药教育单页（中英文）' },
];

export const LIFECYCLE_REASONS = {
  identified: '新客户录入',
  prospect: '已建立学术联系',
  active: '持续开展学术交流',
  dormant: '超过六个月未有互动',
  lost: '调离本单位',
  tierInitial: '初始分级',
  tierReview: '年度客户分级调整',
} as const;

export const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
