/**
 * Tenant-defined custom fields (issue 3): one definition read by forms, profiles, lists, filters
 * and the API. Adding, renaming, archiving ("removing") and restoring a field never loses a stored
 * value; values are checked per type; sensitive values are encrypted and masked; every field type
 * has a working list filter on both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, forEachDatabase } from '../support/db';
import { doctor, FIRST_PAGE, hospital, setupCompany, type Company } from './customers-fixtures';

type Field = { id: string; key: string };

forEachDatabase((db) => {
  let c: Company;
  let hospitalId: string;
  const f: Record<string, Field> = {};
  let zhang: string;
  let li: string;

  const admin = () => c.users.admin.api.customers;
  const stored = async (personId: string) => {
    const [row] = await db.sql<{ custom: string | Record<string, unknown> }>('select custom from person where id = ?', [personId]);
    return typeof row!.custom === 'string' ? (JSON.parse(row!.custom) as Record<string, unknown>) : row!.custom;
  };
  const names = async (filters: Record<string, unknown>) => (await admin().people.list({ filters, ...FIRST_PAGE })).rows.map((r) => r.name).sort();

  beforeAll(async () => {
    c = await setupCompany(`Fields ${db.driver}`);
    hospitalId = await hospital(c, '仁济医院', c.territories.pudong);
    const make = async (type: string, labelZh: string, labelEn: string, extra: Record<string, unknown> = {}) =>
      (await admin().customFields.create({ entity: 'person', type, labelZh, labelEn, ...extra } as never)) as Field;
    f.focus = await make('text', '研究方向', 'Research focus');
    f.beds = await make('number', '管理床位', 'Beds managed');
    f.fee = await make('money', '讲课费标准', 'Lecture fee');
    f.since = await make('date', '合作开始', 'Partner since');
    f.channel = await make('select', '偏好渠道', 'Preferred channel', {
      options: [{ label: { 'zh-CN': '微信', en: 'WeChat' } }, { label: { 'zh-CN': '电话', en: 'Phone' } }, { label: { 'zh-CN': '面访', en: 'Visit' } }],
    });
    f.topics = await make('multiselect', '关注领域', 'Topics', {
      options: [{ label: { 'zh-CN': '糖尿病', en: 'Diabetes' } }, { label: { 'zh-CN': '高血压', en: 'Hypertension' } }, { label: { 'zh-CN': '血脂', en: 'Lipids' } }],
    });
    f.kol = await make('boolean', '是否 KOL', 'KOL');
    f.bank = await make('text', '银行账号', 'Bank account', { sensitive: true });
    zhang = await doctor(c, '张三', hospitalId, {
      custom: { [f.focus!.key]: '2型糖尿病', [f.beds!.key]: 40, [f.fee!.key]: '1,200.50', [f.since!.key]: '2023-05-01', [f.channel!.key]: 'wechat', [f.topics!.key]: ['diabetes', 'lipids'], [f.kol!.key]: true, [f.bank!.key]: '6222020200112233' },
    });
    li = await doctor(c, '李四', hospitalId, {
      custom: { [f.focus!.key]: '高血压管理', [f.beds!.key]: 12, [f.since!.key]: '2024-11-20', [f.channel!.key]: 'phone', [f.topics!.key]: ['hypertension'], [f.kol!.key]: false },
    });
  });

  it('derives stable keys and option values from the English labels', () => {
    expect(f.focus!.key).toBe('research_focus');
    expect(f.kol!.key).toBe('kol');
  });

  it('stores typed values, encrypts sensitive ones and masks them in the profile', async () => {
    const p = await admin().people.get({ id: zhang });
    expect(p.custom).toMatchObject({ research_focus: '2型糖尿病', beds_managed: 40, lecture_fee: 1200.5, partner_since: '2023-05-01', preferred_channel: 'wechat', topics: ['diabetes', 'lipids'], kol: true, bank_account: '******' });
    const raw = await stored(zhang);
    expect(String(raw.bank_account)).toMatch(/^v1:/);
    expect(JSON.stringify(raw)).not.toContain('6222020200112233');
    expect(p.customFields.map((d) => d.key)).toEqual(['research_focus', 'beds_managed', 'lecture_fee', 'partner_since', 'preferred_channel', 'topics', 'kol', 'bank_account']);
  });

  it('refuses values of the wrong type or unknown keys, field by field', async () => {
    const bad = await failureOf(admin().people.update({ id: li, custom: { beds_managed: 'many', partner_since: '2024-13-45', preferred_channel: 'fax', nonsense: 1 } }));
    expect(bad.appCode).toBe('VALIDATION');
    const fields = (bad.error as { cause: { fieldErrors: Record<string, unknown> } }).cause.fieldErrors;
    expect(Object.keys(fields).sort()).toEqual(['custom.beds_managed', 'custom.nonsense', 'custom.partner_since', 'custom.preferred_channel']);
    expect((await stored(li)).beds_managed).toBe(12);
  });

  it('renaming changes labels only: the key and every stored value stay', async () => {
    await admin().customFields.update({ id: f.focus!.id, labelZh: '主要研究方向', labelEn: 'Main research focus' });
    const defs = await admin().customFields.list({ entity: 'person' });
    expect(defs.find((d) => d.id === f.focus!.id)).toMatchObject({ key: 'research_focus', labelZh: '主要研究方向', labelEn: 'Main research focus' });
    expect((await admin().people.get({ id: zhang })).custom.research_focus).toBe('2型糖尿病');
  });

  it('archiving hides the field everywhere but keeps the values; editing the record keeps them too; restoring brings them back', async () => {
    await admin().customFields.archive({ id: f.focus!.id });
    const p = await admin().people.get({ id: zhang });
    expect(p.customFields.map((d) => d.key)).not.toContain('research_focus');
    expect(p.custom).not.toHaveProperty('research_focus');
    expect((await admin().customFields.list({ entity: 'person' })).map((d) => d.key)).not.toContain('research_focus');
    expect((await admin().customFields.adminList({ entity: 'person' })).find((d) => d.key === 'research_focus')?.archived).toBe(true);
    // The record is edited (custom values included) while the field is archived: its value survives.
    await admin().people.update({ id: zhang, specialty: '内分泌', custom: { beds_managed: 41 } });
    expect(await stored(zhang)).toMatchObject({ research_focus: '2型糖尿病', beds_managed: 41 });
    // Filtering by an archived field is refused rather than silently ignored.
    expect((await failureOf(admin().people.list({ filters: { custom: [{ key: 'research_focus', text: '糖尿病' }] }, ...FIRST_PAGE }))).appCode).toBe('VALIDATION');

    await admin().customFields.restore({ id: f.focus!.id });
    expect((await admin().people.get({ id: zhang })).custom.research_focus).toBe('2型糖尿病');
  });

  it('options: labels change, new ones are added, left-out ones are archived, stored choices kept', async () => {
    const defs = await admin().customFields.adminList({ entity: 'person' });
    const channel = defs.find((d) => d.key === 'preferred_channel')!;
    await admin().customFields.update({
      id: channel.id,
      options: [
        { value: 'wechat', label: { 'zh-CN': '企业微信', en: 'WeCom' } },
        { value: 'visit', label: { 'zh-CN': '面访', en: 'Visit' } },
        { label: { 'zh-CN': '邮件', en: 'Email' } },
      ],
    });
    const after = (await admin().customFields.adminList({ entity: 'person' })).find((d) => d.key === 'preferred_channel')!;
    expect(after.options.map((o) => [o.value, o.label['zh-CN'], !!o.archived])).toEqual([
      ['wechat', '企业微信', false],
      ['visit', '面访', false],
      ['email', '邮件', false],
      ['phone', '电话', true],
    ]);
    expect((await stored(li)).preferred_channel).toBe('phone');
    // An archived option cannot be chosen for new values.
    expect((await failureOf(admin().people.update({ id: zhang, custom: { preferred_channel: 'phone' } }))).appCode).toBe('VALIDATION');
  });

  it('a new required field is enforced on create, not retroactively on partial updates', async () => {
    const req = (await admin().customFields.create({ entity: 'person', type: 'text', labelZh: '执业证号', labelEn: 'License no', required: true } as never)) as Field;
    const missing = await failureOf(admin().people.create({ name: '王五', affiliations: [{ institutionId: hospitalId, isPrimary: true }], allowDuplicate: true } as never));
    expect(missing.appCode).toBe('VALIDATION');
    expect(Object.keys((missing.error as { cause: { fieldErrors: Record<string, unknown> } }).cause.fieldErrors)).toEqual([`custom.${req.key}`]);
    await admin().people.update({ id: li, specialty: '心内科' });
    await admin().customFields.archive({ id: req.id });
  });

  describe('list filters per field type', () => {
    it('text contains, number and money ranges, date ranges', async () => {
      expect(await names({ custom: [{ key: 'research_focus', text: '糖尿病' }] })).toEqual(['张三']);
      expect(await names({ custom: [{ key: 'beds_managed', min: 20 }] })).toEqual(['张三']);
      expect(await names({ custom: [{ key: 'beds_managed', max: 20 }] })).toEqual(['李四']);
      expect(await names({ custom: [{ key: 'beds_managed', min: 10, max: 50 }] })).toEqual(['张三', '李四'].sort());
      expect(await names({ custom: [{ key: 'lecture_fee', min: 1000 }] })).toEqual(['张三']);
      expect(await names({ custom: [{ key: 'partner_since', from: '2024-01-01' }] })).toEqual(['李四']);
      expect(await names({ custom: [{ key: 'partner_since', from: '2023-05-01', to: '2023-05-01' }] })).toEqual(['张三']);
    });

    it('select and multiselect (any of), boolean, and several filters together', async () => {
      expect(await names({ custom: [{ key: 'preferred_channel', values: ['phone'] }] })).toEqual(['李四']);
      expect(await names({ custom: [{ key: 'topics', values: ['lipids'] }] })).toEqual(['张三']);
      expect(await names({ custom: [{ key: 'topics', values: ['lipids', 'hypertension'] }] })).toEqual(['张三', '李四'].sort());
      expect(await names({ custom: [{ key: 'kol', bool: true }] })).toEqual(['张三']);
      expect(await names({ custom: [{ key: 'kol', bool: false }] })).toEqual(['李四']);
      expect(await names({ custom: [{ key: 'kol', bool: true }, { key: 'beds_managed', max: 20 }] })).toEqual([]);
    });

    it('sensitive fields cannot be filtered, and list columns mask them', async () => {
      expect((await failureOf(admin().people.list({ filters: { custom: [{ key: 'bank_account', text: '6222' }] }, ...FIRST_PAGE }))).appCode).toBe('VALIDATION');
      const page = await admin().people.list({ filters: {}, ...FIRST_PAGE, columns: ['custom.bank_account', 'custom.beds_managed', 'custom.topics'] });
      const z = page.rows.find((r) => r.name === '张三')!;
      expect(z.cells).toEqual({ 'custom.bank_account': '******', 'custom.beds_managed': 41, 'custom.topics': ['diabetes', 'lipids'] });
    });
  });

  it('reorders fields, and only admins manage them (reps read the definitions)', async () => {
    const defs = await admin().customFields.list({ entity: 'person' });
    const reversed = [...defs].reverse().map((d) => d.id);
    await admin().customFields.reorder({ entity: 'person', ids: reversed });
    expect((await admin().customFields.list({ entity: 'person' })).map((d) => d.id)).toEqual(reversed);
    expect((await c.users.rep.api.customers.customFields.list({ entity: 'person' })).length).toBe(defs.length);
    expect((await failureOf(c.users.rep.api.customers.customFields.create({ entity: 'person', type: 'text', labelZh: 'x', labelEn: 'x' } as never))).code).toBe('FORBIDDEN');
    expect((await failureOf(c.users.manager.api.customers.customFields.archive({ id: f.beds!.id }))).code).toBe('FORBIDDEN');
  });

  it('every definition change is in the audit trail', async () => {
    const actions = (await db.sql<{ action: string }>(`select action from audit_entry where tenant_id = ? and action like 'customfield.%'`, [c.tenantId])).map((r) => r.action);
    for (const a of ['customfield.created', 'customfield.updated', 'customfield.archived', 'customfield.restored', 'customfield.reordered']) expect(actions).toContain(a);
  });
});
