import {
  GENDERS,
  HCP_TITLES,
  HOSPITAL_LEVELS,
  INSTITUTION_TYPES,
  INTERACTION_CHANNELS,
  INTERACTION_OUTCOMES,
  LIFECYCLE_STAGES,
  PAYMENT_METHODS,
  PERSON_KINDS,
  TIERS,
} from '@/server/db/entities';
import { labelled } from './common';

/**
 * The ways spreadsheets write each code: the labels the app shows (customer and work catalogues,
 * both languages, so an export can be imported again) plus the abbreviations and older terms
 * people actually type. Built on first use: the catalogues must be loaded.
 */
function build() {
  return {
    personKind: labelled(PERSON_KINDS, (c) => `enums.personKind.${c}`, {
      hcp: ['医生', '医师', '医护人员', 'HCP', 'doctor', 'physician'],
      pharmacist: ['药师', '药剂师', 'pharmacist'],
      nurse: ['护士', '护师', 'nurse'],
      administrator: ['行政人员', '行政', '管理人员', 'administrator', 'admin'],
      purchaser: ['采购', '采购员', '采购人员', 'purchaser', 'buyer'],
      other: ['其他', 'other'],
    }),
    gender: labelled(GENDERS, (c) => `enums.gender.${c}`, {
      male: ['男', '男性', 'M', 'male'],
      female: ['女', '女性', 'F', 'female'],
      unknown: ['未知', '保密', 'unknown'],
    }),
    title: labelled(HCP_TITLES, (c) => `enums.title.${c}`, {
      chief: ['主任医师', 'chief physician'],
      associate_chief: ['副主任医师', 'associate chief physician'],
      attending: ['主治医师', '主治', 'attending physician'],
      resident: ['住院医师', 'resident physician', 'resident'],
      chief_pharmacist: ['主任药师', 'chief pharmacist'],
      associate_chief_pharmacist: ['副主任药师', 'associate chief pharmacist'],
      pharmacist: ['药师', '主管药师', 'pharmacist'],
      nurse: ['护士', '护师', '主管护师', '护士长', 'nurse'],
      other: ['其他', 'other'],
    }),
    tier: labelled(TIERS, (c) => `enums.tier.${c}`, {
      A: ['A类', 'A级', 'A'],
      B: ['B类', 'B级', 'B'],
      C: ['C类', 'C级', 'C'],
    }),
    stage: labelled(LIFECYCLE_STAGES, (c) => `enums.stage.${c}`, {
      identified: ['已识别', '识别', 'identified'],
      prospect: ['潜在', '潜在客户', 'prospect'],
      active: ['活跃', '合作中', 'active'],
      dormant: ['休眠', '沉睡', 'dormant'],
      lost: ['流失', '已流失', 'lost'],
    }),
    institutionType: labelled(INSTITUTION_TYPES, (c) => `enums.institutionType.${c}`, {
      hospital: ['医院', 'hospital'],
      pharmacy: ['药店', '药房', '零售药店', 'pharmacy'],
      chain: ['连锁药店', '连锁', 'pharmacy chain', 'chain'],
      distributor: ['经销商', '配送商', '商业公司', 'distributor'],
      clinic: ['诊所', '门诊部', '社区卫生服务中心', 'clinic'],
      other: ['其他', 'other'],
    }),
    hospitalLevel: labelled(HOSPITAL_LEVELS, (c) => `enums.hospitalLevel.${c}`, {
      '3A': ['三级甲等', '三甲', '三级甲'],
      '3B': ['三级乙等', '三乙', '三级乙'],
      '3C': ['三级丙等', '三丙'],
      '3': ['三级', '三级未定等'],
      '2A': ['二级甲等', '二甲', '二级甲'],
      '2B': ['二级乙等', '二乙', '二级乙'],
      '2C': ['二级丙等', '二丙'],
      '2': ['二级', '二级未定等'],
      '1': ['一级', '一级医院'],
      unrated: ['未定级', '未评级', '无', 'unrated'],
    }),
    channel: labelled(INTERACTION_CHANNELS, (c) => `interactions.channel.${c}`, {
      visit: ['拜访', '面访', '上门拜访', 'visit'],
      phone: ['电话', '电话拜访', 'phone', 'call'],
      email: ['邮件', '电子邮件', 'email'],
      wechat: ['微信', 'wechat'],
      meeting: ['会议', '科室会', 'meeting'],
      seminar: ['研讨会', '学术会议', 'seminar'],
      other: ['其他', 'other'],
    }),
    outcome: labelled(INTERACTION_OUTCOMES, (c) => `interactions.outcome.${c}`, {
      positive: ['积极', '正面', '良好', 'positive'],
      neutral: ['中性', '一般', 'neutral'],
      negative: ['消极', '负面', 'negative'],
      no_contact: ['未接触', '未见到', '未联系上', 'no contact'],
    }),
    paymentMethod: labelled(PAYMENT_METHODS, (c) => `orders.paymentMethod.${c}`, {
      bank_transfer: ['银行转账', '转账', '对公转账', 'bank transfer'],
      cash: ['现金', 'cash'],
      card: ['刷卡', '银行卡', 'card'],
      wechat_pay: ['微信支付', '微信', 'wechat pay'],
      alipay: ['支付宝', 'alipay'],
      credit: ['赊销', '账期', '信用', 'credit'],
      other: ['其他', 'other'],
    }),
  };
}

let cached: ReturnType<typeof build> | undefined;

export function choices(): ReturnType<typeof build> {
  cached ??= build();
  return cached;
}
