/**
 * What a company's customer data looks like: where it sells, which departments it calls on, its
 * product portfolio with the key messages reps carry, its custom fields and marketing activities.
 * The demo companies and the scale data set are profiles; sizes and teams come with the plan.
 */
import type { ActivityType, CustomFieldEntity, CustomFieldType, CustomValues, HcpTitle, HospitalLevel, InstitutionType, InteractionChannel, ProductCategory, ProductStatus } from '@/server/db/entities';
import { CITIES } from './atlas';
import type { InstitutionClass } from './institutions';
import type { Rng } from './random';
import type { DepartmentTemplate } from './vocabulary';

export interface ProductTemplate {
  code: string;
  name: string;
  genericName: string | null;
  spec: string;
  category: ProductCategory;
  status: ProductStatus;
  /** List price per unit (RMB). */
  price: number;
  keyMessages: readonly string[];
}

/** A hospital department the company calls on: how many of its people it tracks, what it promotes there. */
export interface FocusDepartment extends DepartmentTemplate {
  weight: number;
  products: readonly string[];
  /** Values of the person's academic-interest option, when the profile has that field. */
  interests: readonly string[];
}

export interface CustomFieldTemplate {
  entity: CustomFieldEntity;
  key: string;
  type: CustomFieldType;
  labelZh: string;
  labelEn: string;
  options?: readonly { value: string; zh: string; en: string }[];
}

export interface ActivityTemplate {
  name: string;
  type: ActivityType;
  location: string;
  /** Start relative to the data set's "now"; negative = in the past. */
  days: number;
  description: string;
}

export interface CompanyProfile {
  /** Cities it sells in, in territory order; `leaves` splits a city into that many territories. */
  cities: readonly { code: string; leaves?: number }[];
  /** Share of each institution class among its customers. */
  classMix: Readonly<Record<InstitutionClass, number>>;
  /** Hospital departments in order of importance: a hospital with n departments has the first n. */
  departments: readonly FocusDepartment[];
  products: readonly ProductTemplate[];
  /** Products bought or discussed at institutions without focus departments. */
  productsByType: Readonly<Partial<Record<InstitutionType, readonly string[]>>>;
  customFields: readonly CustomFieldTemplate[];
  activities: readonly ActivityTemplate[];
  institutionCustom(ctx: { rng: Rng; type: InstitutionType; level: HospitalLevel | null }): CustomValues;
  personCustom(ctx: { rng: Rng; title: HcpTitle | null; department: FocusDepartment | null }): CustomValues;
  interactionCustom(ctx: { rng: Rng; channel: InteractionChannel }): CustomValues;
}

const HUAKANG_PRODUCTS: ProductTemplate[] = [
  { code: 'HK-MET-05', name: '盐酸二甲双胍缓释片', genericName: '盐酸二甲双胍', spec: '0.5g×30片', category: 'rx', status: 'active', price: 28.5, keyMessages: ['每日一次随晚餐服用，简化给药方案', '缓释剂型胃肠道耐受性更好', '指南推荐的2型糖尿病一线治疗药物', '可与多种降糖药物联合使用'] },
  { code: 'HK-LIN-5', name: '利格列汀片', genericName: '利格列汀', spec: '5mg×7片', category: 'rx', status: 'active', price: 58, keyMessages: ['每日一次口服，不受进餐影响', '肾功能不全患者无需调整剂量（详见说明书）', '与二甲双胍联用的循证数据充分'] },
  { code: 'HK-DAP-10', name: '达格列净片', genericName: '达格列净', spec: '10mg×14片', category: 'rx', status: 'active', price: 66, keyMessages: ['降糖同时带来体重和血压方面的获益', '心衰和慢性肾病适应症请以说明书为准', '每日一次，任意时间服用'] },
  { code: 'HK-INS-300', name: '门冬胰岛素注射液', genericName: '门冬胰岛素', spec: '3ml:300单位（笔芯）', category: 'rx', status: 'active', price: 45.8, keyMessages: ['餐时胰岛素，可餐前即刻注射', '未开封笔芯需冷藏，开封后室温可保存28天', '配套患者注射技术教育资料'] },
  { code: 'HK-ACA-50', name: '阿卡波糖片', genericName: '阿卡波糖', spec: '50mg×30片', category: 'rx', status: 'active', price: 36.5, keyMessages: ['适合以碳水化合物为主饮食的患者', '餐时与第一口饭同服'] },
  { code: 'HK-ATO-20', name: '阿托伐他汀钙片', genericName: '阿托伐他汀钙', spec: '20mg×7片', category: 'rx', status: 'active', price: 18.9, keyMessages: ['高危患者LDL-C达标的基础用药', '一天中任意时间服用', '最新血脂指南LDL-C目标值解读'] },
  { code: 'HK-AML-5', name: '苯磺酸氨氯地平片', genericName: '苯磺酸氨氯地平', spec: '5mg×28片', category: 'rx', status: 'active', price: 23.6, keyMessages: ['长效平稳降压，每日一次', '适合合并冠心病的高血压患者'] },
  { code: 'HK-NIF-30', name: '硝苯地平控释片', genericName: '硝苯地平', spec: '30mg×7片', category: 'rx', status: 'active', price: 31.2, keyMessages: ['控释技术，24小时平稳降压', '整片吞服，不可掰开'] },
  { code: 'HK-SFC-250', name: '沙美特罗替卡松粉吸入剂', genericName: '沙美特罗替卡松', spec: '50μg/250μg×60吸', category: 'rx', status: 'active', price: 168, keyMessages: ['哮喘与慢阻肺的维持治疗', '提供吸入装置使用培训'] },
  { code: 'HK-PTX-100', name: '注射用紫杉醇（白蛋白结合型）', genericName: '紫杉醇', spec: '100mg/瓶', category: 'rx', status: 'active', price: 780, keyMessages: ['给药前无需常规抗过敏预处理', '适应症请以说明书为准'] },
  { code: 'HK-GLB-25', name: '格列本脲片', genericName: '格列本脲', spec: '2.5mg×100片', category: 'rx', status: 'discontinued', price: 9.8, keyMessages: ['已停产，请引导至替代方案'] },
  { code: 'HK-IBU-03', name: '布洛芬缓释胶囊', genericName: '布洛芬', spec: '0.3g×20粒', category: 'otc_a', status: 'active', price: 16.8, keyMessages: ['缓释剂型，镇痛作用持续12小时'] },
  { code: 'HK-CAD-600', name: '碳酸钙D3片', genericName: '碳酸钙/维生素D3', spec: '600mg×60片', category: 'otc_b', status: 'active', price: 39.9, keyMessages: ['补钙同时补充维生素D'] },
  { code: 'HK-VC-1', name: '维生素C泡腾片', genericName: '维生素C', spec: '1g×10片', category: 'otc_b', status: 'active', price: 12.5, keyMessages: ['用温水溶解后服用'] },
  { code: 'HK-OMG-1', name: '深海鱼油软胶囊', genericName: null, spec: '1g×60粒', category: 'supplement', status: 'active', price: 98, keyMessages: ['保健食品，不能代替药物'] },
  { code: 'HK-GM300', name: '华康 GM-300 血糖仪', genericName: null, spec: '1台/盒', category: 'device', status: 'active', price: 199, keyMessages: ['五秒出结果，采血量少', '配套手机应用记录血糖'] },
  { code: 'HK-GM300-S', name: '血糖试纸（GM-300 专用）', genericName: null, spec: '50片/盒', category: 'device', status: 'active', price: 89, keyMessages: ['独立铝箔包装，开封后不受潮'] },
  { code: 'HK-LANCET', name: '一次性使用采血针', genericName: null, spec: '100支/盒', category: 'device', status: 'inactive', price: 25, keyMessages: ['一次性使用，避免交叉感染'] },
];

const HUAKANG_DEPARTMENTS: FocusDepartment[] = [
  { name: '内分泌科', specialty: '内分泌', subspecialties: ['糖尿病', '甲状腺疾病', '骨质疏松', '肥胖与代谢病'], weight: 30, products: ['HK-MET-05', 'HK-LIN-5', 'HK-DAP-10', 'HK-INS-300', 'HK-ACA-50', 'HK-GM300'], interests: ['diabetes', 'obesity'], topics: ['2型糖尿病的起始治疗', '血糖达标与体重管理', 'DPP-4抑制剂的联合治疗', '老年糖尿病患者的用药安全', '胰岛素起始与剂量调整'] },
  { name: '心血管内科', specialty: '心血管', subspecialties: ['高血压', '冠心病', '心力衰竭', '心律失常'], weight: 20, products: ['HK-ATO-20', 'HK-AML-5', 'HK-NIF-30', 'HK-DAP-10'], interests: ['hypertension', 'lipids', 'heart_failure'], topics: ['高血压合并糖尿病的降压目标', 'LDL-C达标策略', '心衰合并糖尿病的综合管理'] },
  { name: '药剂科', specialty: '药学', subspecialties: ['临床药学', '药事管理', '静脉用药调配'], pharmacy: true, weight: 10, products: ['HK-MET-05', 'HK-LIN-5', 'HK-DAP-10', 'HK-ATO-20', 'HK-AML-5', 'HK-INS-300'], interests: ['pharmacy'], topics: ['进院评审资料', '药品供应保障', '临床合理用药评价'] },
  { name: '肾内科', specialty: '肾脏病', subspecialties: ['糖尿病肾病', '慢性肾脏病', '血液透析'], weight: 8, products: ['HK-DAP-10', 'HK-LIN-5'], interests: ['ckd', 'diabetes'], topics: ['糖尿病肾病的早期干预', '慢性肾病患者的降糖药选择'] },
  { name: '老年医学科', specialty: '老年医学', subspecialties: ['老年综合评估', '多病共存管理'], weight: 6, products: ['HK-MET-05', 'HK-AML-5', 'HK-ATO-20'], interests: ['geriatrics', 'hypertension'], topics: ['老年患者的多重用药管理', '老年糖尿病的个体化控制目标'] },
  { name: '呼吸与危重症医学科', specialty: '呼吸', subspecialties: ['慢阻肺', '哮喘', '肺部感染'], weight: 6, products: ['HK-SFC-250'], interests: ['respiratory'], topics: ['慢阻肺稳定期的维持治疗', '吸入装置的正确使用'] },
  { name: '全科医学科', specialty: '全科', subspecialties: ['慢病管理', '家庭医生签约'], weight: 6, products: ['HK-MET-05', 'HK-AML-5', 'HK-ATO-20', 'HK-GM300'], interests: ['diabetes', 'hypertension'], topics: ['基层慢病规范化管理', '家庭医生签约患者的随访'] },
  { name: '肿瘤科', specialty: '肿瘤', subspecialties: ['乳腺肿瘤', '肺部肿瘤', '消化道肿瘤'], weight: 5, products: ['HK-PTX-100'], interests: ['oncology'], topics: ['白蛋白结合型紫杉醇的临床应用', '化疗相关不良反应的管理'] },
  { name: '神经内科', specialty: '神经', subspecialties: ['脑血管病', '糖尿病周围神经病变'], weight: 4, products: ['HK-ATO-20'], interests: ['lipids'], topics: ['卒中二级预防中的血脂管理'] },
  { name: '急诊科', specialty: '急诊', subspecialties: ['急危重症'], weight: 3, products: ['HK-INS-300', 'HK-AML-5'], interests: ['diabetes'], topics: ['高血糖危象的急诊处理'] },
];

const HUAKANG_FIELDS: CustomFieldTemplate[] = [
  { entity: 'institution', key: 'bed_count', type: 'number', labelZh: '医院床位数', labelEn: 'Hospital beds' },
  {
    entity: 'person', key: 'academic_interests', type: 'multiselect', labelZh: '学术兴趣', labelEn: 'Academic interests',
    options: [
      { value: 'diabetes', zh: '糖尿病', en: 'Diabetes' },
      { value: 'obesity', zh: '肥胖与代谢', en: 'Obesity and metabolism' },
      { value: 'hypertension', zh: '高血压', en: 'Hypertension' },
      { value: 'lipids', zh: '血脂管理', en: 'Lipid management' },
      { value: 'heart_failure', zh: '心力衰竭', en: 'Heart failure' },
      { value: 'ckd', zh: '慢性肾病', en: 'Chronic kidney disease' },
      { value: 'respiratory', zh: '慢阻肺与哮喘', en: 'COPD and asthma' },
      { value: 'oncology', zh: '肿瘤', en: 'Oncology' },
      { value: 'geriatrics', zh: '老年医学', en: 'Geriatrics' },
      { value: 'pharmacy', zh: '临床药学', en: 'Clinical pharmacy' },
    ],
  },
  { entity: 'person', key: 'is_kol', type: 'boolean', labelZh: '是否KOL', labelEn: 'Key opinion leader' },
  {
    entity: 'interaction', key: 'visit_purpose', type: 'select', labelZh: '拜访目的', labelEn: 'Purpose',
    options: [
      { value: 'product_intro', zh: '产品介绍', en: 'Product introduction' },
      { value: 'academic', zh: '学术交流', en: 'Scientific exchange' },
      { value: 'listing', zh: '进院跟进', en: 'Formulary follow-up' },
      { value: 'patient_education', zh: '患者教育', en: 'Patient education' },
      { value: 'service', zh: '售后服务', en: 'Service' },
    ],
  },
];

const HUAKANG_ACTIVITIES: ActivityTemplate[] = [
  { name: '华东地区糖尿病管理学术年会卫星会', type: 'academic_conference', location: '上海国际会议中心', days: -300, description: '年会期间的卫星会，主题为2型糖尿病的早期联合治疗。' },
  { name: '基层医生糖尿病规范化诊疗培训班（南京站）', type: 'training', location: '南京国际博览会议中心', days: -230, description: '面向社区卫生服务中心全科医生的两天培训。' },
  { name: '血脂管理新进展学术沙龙', type: 'seminar', location: '杭州国际博览中心', days: -170, description: '围绕最新血脂指南的病例讨论。' },
  { name: 'GM-300 血糖仪新品上市会', type: 'product_launch', location: '北京国家会议中心', days: -120, description: '新款血糖仪上市，面向内分泌科和药剂科。' },
  { name: '联合国糖尿病日患者教育活动', type: 'patient_education', location: '广州市第一人民医院门诊大厅', days: -75, description: '义诊与患者教育讲座，由医院主办。' },
  { name: '心血管代谢疾病高峰论坛', type: 'academic_conference', location: '北京国际会议中心', days: -40, description: '心内科与内分泌科联合论坛。' },
  { name: '中国国际医疗器械博览会展台', type: 'exhibition', location: '国家会展中心（上海）', days: 21, description: '展示血糖监测产品线。' },
  { name: '内分泌青年医师病例分享会', type: 'seminar', location: '苏州国际博览中心', days: 45, description: '青年医师病例分享与点评。' },
];

function huakangInstitutionCustom({ rng, type, level }: { rng: Rng; type: InstitutionType; level: HospitalLevel | null }): CustomValues {
  if (type !== 'hospital' || !level) return {};
  const beds: Record<string, readonly [number, number]> = { '3A': [1500, 4500], '3B': [800, 1500], '3': [600, 1200], '3C': [500, 900], '2A': [300, 800], '2B': [200, 500], '2C': [150, 400], '2': [100, 400], '1': [20, 100], unrated: [20, 200] };
  const [lo, hi] = beds[level] ?? [50, 200];
  return rng.chance(0.85) ? { bed_count: Math.round(rng.between(lo, hi) / 10) * 10 } : {};
}

function huakangPersonCustom({ rng, title, department }: { rng: Rng; title: HcpTitle | null; department: FocusDepartment | null }): CustomValues {
  const out: CustomValues = {};
  if (department && rng.chance(0.6)) {
    const picks = rng.sample(department.interests, rng.between(1, 2));
    if (rng.chance(0.2)) picks.push(rng.pick(['diabetes', 'hypertension', 'lipids', 'geriatrics']));
    out.academic_interests = [...new Set(picks)];
  }
  if (title === 'chief' || title === 'associate_chief') {
    if (rng.chance(title === 'chief' ? 0.7 : 0.4)) out.is_kol = rng.chance(title === 'chief' ? 0.45 : 0.2);
  }
  return out;
}

function visitPurpose({ rng, channel }: { rng: Rng; channel: InteractionChannel }): CustomValues {
  if (channel !== 'visit' && channel !== 'meeting') return {};
  return rng.chance(0.8) ? { visit_purpose: rng.pick(['product_intro', 'academic', 'academic', 'listing', 'patient_education', 'service']) } : {};
}

/** 华康医药: metabolic and cardiovascular portfolio, sells in the east, north and south. */
export const HUAKANG: CompanyProfile = {
  cities: [
    { code: 'SH-SH', leaves: 4 },
    { code: 'JS-NJ', leaves: 2 },
    { code: 'JS-SZ', leaves: 1 },
    { code: 'JS-WX', leaves: 1 },
    { code: 'ZJ-HZ', leaves: 2 },
    { code: 'ZJ-NB', leaves: 2 },
    { code: 'BJ-BJ', leaves: 3 },
    { code: 'TJ-TJ', leaves: 2 },
    { code: 'HE-SJZ', leaves: 1 },
    { code: 'GD-GZ', leaves: 2 },
    { code: 'GD-SZ', leaves: 2 },
  ],
  classMix: { major: 12, specialty: 8, district: 30, private: 7, community: 11, clinic: 3, brandPharmacy: 11, pharmacy: 6, chain: 3, distributor: 6, other: 2 },
  departments: HUAKANG_DEPARTMENTS,
  products: HUAKANG_PRODUCTS,
  productsByType: {
    clinic: ['HK-MET-05', 'HK-AML-5', 'HK-ATO-20', 'HK-GM300', 'HK-GM300-S'],
    pharmacy: ['HK-MET-05', 'HK-ATO-20', 'HK-AML-5', 'HK-IBU-03', 'HK-CAD-600', 'HK-VC-1', 'HK-OMG-1', 'HK-GM300', 'HK-GM300-S'],
    chain: ['HK-MET-05', 'HK-ATO-20', 'HK-AML-5', 'HK-IBU-03', 'HK-CAD-600', 'HK-VC-1', 'HK-GM300', 'HK-GM300-S'],
    distributor: ['HK-MET-05', 'HK-LIN-5', 'HK-DAP-10', 'HK-INS-300', 'HK-ACA-50', 'HK-ATO-20', 'HK-AML-5', 'HK-NIF-30', 'HK-SFC-250', 'HK-PTX-100'],
  },
  customFields: HUAKANG_FIELDS,
  activities: HUAKANG_ACTIVITIES,
  institutionCustom: huakangInstitutionCustom,
  personCustom: huakangPersonCustom,
  interactionCustom: visitPurpose,
};

/** 瑞安生物: an oncology and immunology biotech, small, in the south and south-west. */
export const RUIAN: CompanyProfile = {
  cities: [
    { code: 'GD-GZ', leaves: 2 },
    { code: 'GD-SZ', leaves: 1 },
    { code: 'SC-CD', leaves: 1 },
  ],
  classMix: { major: 30, specialty: 15, district: 20, private: 0, community: 0, clinic: 0, brandPharmacy: 10, pharmacy: 5, chain: 5, distributor: 15, other: 0 },
  departments: [
    { name: '肿瘤科', specialty: '肿瘤', subspecialties: ['肺癌', '乳腺癌', '消化道肿瘤'], weight: 30, products: ['RA-PD1-100', 'RA-OSI-80', 'RA-BEV-100', 'RA-TRA-440', 'RA-GCSF-3'], interests: [], topics: ['免疫治疗在晚期肺癌中的应用', 'EGFR突变肺癌的靶向治疗', '免疫相关不良反应的管理'] },
    { name: '风湿免疫科', specialty: '风湿免疫', subspecialties: ['类风湿关节炎', '强直性脊柱炎'], weight: 15, products: ['RA-ADA-40'], interests: [], topics: ['生物制剂在类风湿关节炎中的应用', 'TNF抑制剂的长期安全性'] },
    { name: '药剂科', specialty: '药学', subspecialties: ['临床药学', '双通道药品管理'], pharmacy: true, weight: 10, products: ['RA-PD1-100', 'RA-OSI-80', 'RA-BEV-100', 'RA-ADA-40'], interests: [], topics: ['双通道药品管理', '生物制剂的储存与配送'] },
    { name: '血液科', specialty: '血液', subspecialties: ['淋巴瘤', '白血病'], weight: 12, products: ['RA-GCSF-3', 'RA-OND-8'], interests: [], topics: ['化疗后中性粒细胞减少的预防'] },
    { name: '胸外科', specialty: '胸外', subspecialties: ['肺癌外科'], weight: 8, products: ['RA-OSI-80', 'RA-PD1-100'], interests: [], topics: ['肺癌围手术期的新辅助治疗'] },
    { name: '乳腺外科', specialty: '乳腺', subspecialties: ['乳腺癌'], weight: 8, products: ['RA-TRA-440'], interests: [], topics: ['HER2阳性乳腺癌的治疗策略'] },
    { name: '消化内科', specialty: '消化', subspecialties: ['胃肠肿瘤', '炎症性肠病'], weight: 7, products: ['RA-BEV-100', 'RA-ADA-40'], interests: [], topics: ['结直肠癌的抗血管生成治疗'] },
    { name: '皮肤科', specialty: '皮肤', subspecialties: ['银屑病'], weight: 5, products: ['RA-ADA-40'], interests: [], topics: ['中重度银屑病的生物治疗'] },
  ],
  products: [
    { code: 'RA-PD1-100', name: '瑞普利单抗注射液', genericName: '重组人源化抗PD-1单克隆抗体', spec: '100mg/10ml', category: 'rx', status: 'active', price: 2180, keyMessages: ['每三周一次静脉输注', '免疫相关不良反应需全程监测', '适应症请以说明书为准'] },
    { code: 'RA-OSI-80', name: '甲磺酸奥希替尼片', genericName: '奥希替尼', spec: '80mg×30片', category: 'rx', status: 'active', price: 5100, keyMessages: ['EGFR突变检测阳性患者适用', '每日一次口服'] },
    { code: 'RA-BEV-100', name: '贝伐珠单抗注射液', genericName: '贝伐珠单抗', spec: '100mg/4ml', category: 'rx', status: 'active', price: 1198, keyMessages: ['联合化疗使用', '用药前评估出血风险'] },
    { code: 'RA-ADA-40', name: '阿达木单抗注射液', genericName: '阿达木单抗', spec: '40mg/0.8ml', category: 'rx', status: 'active', price: 1150, keyMessages: ['每两周皮下注射一次', '用药前需筛查结核'] },
    { code: 'RA-TRA-440', name: '注射用曲妥珠单抗', genericName: '曲妥珠单抗', spec: '440mg/瓶', category: 'rx', status: 'active', price: 5500, keyMessages: ['HER2阳性患者适用', '用药期间监测心功能'] },
    { code: 'RA-GCSF-3', name: '聚乙二醇化重组人粒细胞刺激因子注射液', genericName: '聚乙二醇化重组人粒细胞刺激因子', spec: '3mg/0.6ml', category: 'rx', status: 'active', price: 3280, keyMessages: ['每个化疗周期只需注射一次'] },
    { code: 'RA-OND-8', name: '盐酸昂丹司琼片', genericName: '昂丹司琼', spec: '8mg×12片', category: 'rx', status: 'active', price: 96, keyMessages: ['预防化疗引起的恶心呕吐'] },
  ],
  productsByType: {
    pharmacy: ['RA-OSI-80', 'RA-ADA-40', 'RA-OND-8'],
    chain: ['RA-OSI-80', 'RA-ADA-40', 'RA-OND-8'],
    distributor: ['RA-PD1-100', 'RA-OSI-80', 'RA-BEV-100', 'RA-ADA-40', 'RA-TRA-440', 'RA-GCSF-3'],
  },
  customFields: [
    { entity: 'institution', key: 'oncology_beds', type: 'number', labelZh: '肿瘤科床位数', labelEn: 'Oncology beds' },
    { entity: 'person', key: 'gcp_certified', type: 'boolean', labelZh: 'GCP资质', labelEn: 'GCP certified' },
  ],
  activities: [
    { name: '华南肺癌免疫治疗研讨会', type: 'academic_conference', location: '广州白云国际会议中心', days: -150, description: '免疫治疗的全程管理。' },
    { name: '生物制剂规范化使用培训', type: 'training', location: '成都世纪城国际会议中心', days: -60, description: '面向药剂科和风湿免疫科。' },
    { name: 'DTP药房服务能力提升营', type: 'training', location: '深圳会展中心', days: 30, description: '面向合作药房的服务培训。' },
  ],
  institutionCustom: ({ rng, type, level }): CustomValues => (type === 'hospital' && level?.startsWith('3') && rng.chance(0.8) ? { oncology_beds: rng.between(4, 30) * 10 } : {}),
  personCustom: ({ rng, title }): CustomValues => (title === 'chief' || title === 'associate_chief' ? { gcp_certified: rng.chance(0.6) } : {}),
  interactionCustom: () => ({}),
};

/** The benchmark company: 华康's portfolio sold nationwide. */
export const NATIONWIDE: CompanyProfile = {
  ...HUAKANG,
  cities: CITIES.map((c) => ({ code: c.code })),
  classMix: { major: 10, specialty: 7, district: 25, private: 8, community: 12, clinic: 4, brandPharmacy: 14, pharmacy: 8, chain: 3, distributor: 6, other: 3 },
};
