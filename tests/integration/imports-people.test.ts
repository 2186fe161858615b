/**
 * Importing people from a CSV (issue 3, "Import and export"): the good rows are in, the bad row is
 * named in the error report with the reason, re-importing the same file updates instead of
 * doubling, rows without an external id that look like existing people are reported as possible
 * duplicates, a GBK file from Chinese Excel reads correctly, and what the import writes is what
 * the person form (customers service) writes for the same data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, forEachDatabase, signIn, type TestSession } from '../support/db';
import { department, hospital, setupCompany, type Company } from './customers-fixtures';
import { csv, importFile, parseCsv, report, upload, useImportEnvironment } from './imports-support';

const HEADER = ['外部编号', '姓名', '性别', '职称', '所属医院', '科室', '手机', '身份证号', '客户分级'];

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let c: Company;
  let admin: TestSession;
  const hospitals = { pudong: '', xuhui: '' };

  beforeAll(async () => {
    c = await setupCompany(`Imports people ${db.driver}`);
    admin = await signIn(c.users.admin.id, c.tenantId);
    hospitals.pudong = await hospital(c, '浦东人民医院', c.territories.pudong, { externalId: 'H-PD' });
    hospitals.xuhui = await hospital(c, '徐汇中心医院', c.territories.xuhui);
    await department(c, hospitals.pudong, '心内科');
  });

  const peopleCount = async () => Number((await db.sql<{ n: number }>('select count(*) as n from person where tenant_id = ?', [c.tenantId]))[0]!.n);

  describe('a CSV with one bad row', () => {
    const file = csv([
      HEADER,
      ['P-001', '张伟', '男', '主任医师', 'H-PD', '心内科', '13800138001', '11010519491231002X', 'A'],
      ['P-002', '李娜', '女', '主治医师', '徐汇中心医院', '呼吸科', '139 0013 8002', '', 'b'],
      ['P-003', '王芳', '女', '住院医师', '浦东人民医院', '', '12345', '', 'C'],
      ['P-004', '刘洋', '男', '副主任医师', '徐汇中心医院', '心内科', '+86 13700137004', '', ''],
    ]);
    let importId: string;

    it('imports the good rows and leaves the bad one out', async () => {
      const { id, inspected, job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', '医生名单.csv', file);
      importId = id;
      // Chinese headers were matched to the fields without help.
      expect(inspected.mapping).toEqual({
        外部编号: 'externalId',
        姓名: 'name',
        性别: 'gender',
        职称: 'title',
        所属医院: 'institution',
        科室: 'department',
        手机: 'mobile',
        身份证号: 'idNumber',
        客户分级: 'tier',
      });
      expect(job).toMatchObject({ status: 'completed', totalRows: 4, createdRows: 3, updatedRows: 0, failedRows: 1 });
      expect(job.progress).toEqual({ percent: 100, step: 'done' });
      const people = await db.sql<{ external_id: string; name: string; gender: string; title: string; mobile: string; tier: string | null; territory_id: string; id_number_last4: string | null }>(
        'select external_id, name, gender, title, mobile, tier, territory_id, id_number_last4 from person where tenant_id = ? order by external_id',
        [c.tenantId],
      );
      expect(people).toEqual([
        { external_id: 'P-001', name: '张伟', gender: 'male', title: 'chief', mobile: '13800138001', tier: 'A', territory_id: c.territories.pudong, id_number_last4: '002X' },
        { external_id: 'P-002', name: '李娜', gender: 'female', title: 'attending', mobile: '13900138002', tier: 'B', territory_id: c.territories.xuhui, id_number_last4: null },
        { external_id: 'P-004', name: '刘洋', gender: 'male', title: 'associate_chief', mobile: '13700137004', tier: null, territory_id: c.territories.xuhui, id_number_last4: null },
      ]);
      // The ID number is stored encrypted, never as typed.
      const enc = await db.sql<{ id_number_enc: string }>(`select id_number_enc from person where external_id = 'P-001' and tenant_id = ?`, [c.tenantId]);
      expect(enc[0]!.id_number_enc).toMatch(/^v1:/);
      expect(enc[0]!.id_number_enc).not.toContain('11010519491231002X');
      // A department named for the first time was created at its hospital.
      const depts = await db.sql<{ name: string; institution_id: string }>('select name, institution_id from department where tenant_id = ? order by name', [c.tenantId]);
      expect(depts).toEqual(expect.arrayContaining([{ name: '呼吸科', institution_id: hospitals.xuhui }, { name: '心内科', institution_id: hospitals.xuhui }]));
      // Imported people are found like any other: the list, by pinyin, with their workplace.
      const found = await c.users.admin.api.customers.search({ q: 'zw', kind: 'person' });
      expect(found.map((h) => h.name)).toContain('张伟');
      const rep = await c.users.rep.api.customers.search({ q: '张伟', kind: 'person' });
      expect(rep.map((h) => h.name)).toEqual(['张伟']);
      expect(await c.users.rep2.api.customers.search({ q: '张伟', kind: 'person' })).toEqual([]);
    });

    it('names the bad row and why, in the error report and on screen, in the reader’s language', async () => {
      const problems = await c.users.admin.api.imports.problems({ id: importId, limit: 50 });
      expect(problems.rows).toEqual([{ rowNumber: 4, problems: [{ field: 'mobile', column: '手机', value: '12345', message: 'Not a valid mobile number (11 digits)' }] }]);

      const en = await report(admin, importId);
      expect(en.status).toBe(200);
      expect(en.bom).toBe(true);
      expect(parseCsv(en.text)).toEqual([
        ['Row', 'Column', 'Value', 'Problem'],
        ['4', '手机', '12345', 'Not a valid mobile number (11 digits)'],
      ]);

      // The same report for a reader who works in Chinese.
      await c.users.admin.api.account.setLocale({ locale: 'zh-CN' });
      try {
        const zh = await report(admin, importId);
        expect(zh.disposition).toContain(encodeURIComponent('医生名单-问题行.csv'));
        expect(parseCsv(zh.text)).toEqual([
          ['行号', '列', '值', '问题'],
          ['4', '手机', '12345', '不是有效的手机号（应为 11 位数字）'],
        ]);
      } finally {
        await c.users.admin.api.account.setLocale({ locale: 'en' });
      }
    });

    it('re-importing the same file updates the same people: no duplicates', async () => {
      const before = await peopleCount();
      const { job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', '医生名单.csv', file);
      expect(job).toMatchObject({ status: 'completed', createdRows: 0, updatedRows: 3, failedRows: 1 });
      expect(await peopleCount()).toBe(before);
      const affiliations = await db.sql<{ n: number }>('select count(*) as n from affiliation where tenant_id = ?', [c.tenantId]);
      expect(Number(affiliations[0]!.n)).toBe(3);
      const contacts = await db.sql<{ n: number }>(`select count(*) as n from contact_point where tenant_id = ? and owner_kind = 'person'`, [c.tenantId]);
      expect(Number(contacts[0]!.n)).toBe(3);
    });

    it('a changed row updates the stored person; blank cells keep what is stored', async () => {
      const changed = csv([HEADER, ['P-002', '李娜', '女', '副主任医师', '徐汇中心医院', '呼吸科', '', '', 'A']]);
      const { job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', 'update.csv', changed);
      expect(job).toMatchObject({ status: 'completed', createdRows: 0, updatedRows: 1, failedRows: 0 });
      const [row] = await db.sql<{ title: string; tier: string; mobile: string }>(`select title, tier, mobile from person where external_id = 'P-002' and tenant_id = ?`, [c.tenantId]);
      expect(row).toEqual({ title: 'associate_chief', tier: 'A', mobile: '13900138002' });
      // The tier change is in the customer's history, naming the file.
      const history = await db.sql<{ field: string; from_value: string; to_value: string; reason: string }>(
        `select field, from_value, to_value, reason from lifecycle_change where tenant_id = ? and subject_id = (select id from person where external_id = 'P-002' and tenant_id = ?)`,
        [c.tenantId, c.tenantId],
      );
      expect(history).toEqual([{ field: 'tier', from_value: 'B', to_value: 'A', reason: expect.stringContaining('update.csv') }]);
    });

    it('the import is audited once, with its counts', async () => {
      const entries = await db.sql<{ action: string; changes: string | Record<string, unknown> }>(`select action, changes from audit_entry where tenant_id = ? and entity_id = ? order by seq`, [c.tenantId, importId]);
      expect(entries.map((e) => e.action)).toEqual(['import.started', 'import.completed']);
      const changes = typeof entries[1]!.changes === 'string' ? JSON.parse(entries[1]!.changes) : entries[1]!.changes;
      expect(changes).toMatchObject({ entity: 'person', created: 3, updated: 0, failed: 1 });
    });
  });

  it('rows without an external id that look like existing people are reported, not doubled', async () => {
    const before = await peopleCount();
    const file = csv([
      ['姓名', '医院', '手机'],
      ['张伟', '浦东人民医院', '13800138001'],
      ['赵敏', '浦东人民医院', '13600136001'],
      ['赵敏', '浦东人民医院', '13600136001'],
    ]);
    const { id, job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', 'no-ids.csv', file);
    expect(job).toMatchObject({ status: 'completed', createdRows: 1, failedRows: 2 });
    expect(await peopleCount()).toBe(before + 1);
    const rows = parseCsv((await report(admin, id)).text).slice(1);
    expect(rows).toEqual([
      ['2', '姓名', '张伟', expect.stringMatching(/^Possible duplicate of 张伟 \(浦东人民医院/)],
      ['4', '姓名', '赵敏', expect.stringMatching(/^Possible duplicate/)],
    ]);
  });

  it('reads a GBK-encoded CSV from Chinese Excel', async () => {
    const bytes = fs.readFileSync(path.join(__dirname, '../fixtures/imports/people-gbk.csv'));
    const { job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', 'gbk.csv', bytes);
    expect(job).toMatchObject({ status: 'completed', createdRows: 2, failedRows: 0 });
    const rows = await db.sql<{ name: string; specialty: string }>(`select name, specialty from person where tenant_id = ? and external_id like 'GBK-%' order by external_id`, [c.tenantId]);
    expect(rows).toEqual([
      { name: '欧阳娜娜', specialty: '心血管内科' },
      { name: '司马光', specialty: '神经内科' },
    ]);
  });

  it('what an import writes equals what the person form writes for the same data', async () => {
    const admin2 = callerFor(admin);
    const viaForm = await admin2.customers.people.create({
      externalId: 'FORM-1',
      name: '孙丽',
      gender: 'female',
      kind: 'hcp',
      title: 'attending',
      affiliations: [{ institutionId: hospitals.pudong, departmentId: null, isPrimary: true }],
      contacts: [
        { kind: 'mobile', value: '13500135001', label: null },
        { kind: 'email', value: 'sunli@example.cn', label: null },
      ],
      tier: 'B',
      stage: 'identified',
      idNumber: '11010519491231002X',
      allowDuplicate: true,
    } as never);
    const file = csv([
      ['外部编号', '姓名', '性别', '职称', '医院', '手机', '邮箱', '身份证号', '客户分级'],
      ['IMPORT-1', '孙丽', '女', '主治医师', '浦东人民医院', '13500135001', 'SunLi@example.cn', '11010519491231002X', 'B'],
    ]);
    const { job } = await importFile(c.users.admin.api, admin, env.driver(), 'person', 'parity.csv', file);
    expect(job).toMatchObject({ createdRows: 1, failedRows: 0 });
    const columns =
      'kind, name, name_pinyin, name_initials, gender, title, admin_role, specialty, primary_institution_id, primary_department_id, territory_id, tier, stage, mobile, email, wechat, birthday, id_number_last4, custom, owner_id, merged_into_id, deleted_at, created_by';
    const [form] = await db.sql(`select ${columns} from person where tenant_id = ? and external_id = 'FORM-1'`, [c.tenantId]);
    const [imported] = await db.sql(`select ${columns} from person where tenant_id = ? and external_id = 'IMPORT-1'`, [c.tenantId]);
    expect(imported).toEqual(form);
    const contactsOf = async (ext: string) =>
      db.sql(`select kind, value, value_reversed, label, is_primary from contact_point where tenant_id = ? and owner_id = (select id from person where tenant_id = ? and external_id = ?) order by kind`, [c.tenantId, c.tenantId, ext]);
    expect(await contactsOf('IMPORT-1')).toEqual(await contactsOf('FORM-1'));
    const affsOf = async (ext: string) =>
      db.sql(`select institution_id, department_id, position, is_primary from affiliation where tenant_id = ? and person_id = (select id from person where tenant_id = ? and external_id = ?)`, [c.tenantId, c.tenantId, ext]);
    expect(await affsOf('IMPORT-1')).toEqual(await affsOf('FORM-1'));
    expect(viaForm).toMatchObject({ status: 'created' });
  });

  it('refuses what is not a spreadsheet, and files over the size limit, before anything is recorded', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const legacy = await upload(admin, 'person', 'old.xls', xls, { 'accept-language': 'en' });
    expect(legacy.status).toBe(400);
    expect(legacy.body.error?.appCode).toBe('UNREADABLE_FILE');
    const empty = await upload(admin, 'person', 'empty.csv', '姓名,手机\r\n');
    expect(empty.body.error?.appCode).toBe('EMPTY_FILE');
    process.env.RAPPORT_UPLOAD_MAX_MB = '1';
    try {
      const big = await upload(admin, 'person', 'big.csv', `姓名\r\n${'张三\r\n'.repeat(200_000)}`);
      expect(big.status).toBe(413);
      expect(big.body.error?.appCode).toBe('FILE_TOO_LARGE');
    } finally {
      delete process.env.RAPPORT_UPLOAD_MAX_MB;
    }
    const jobs = await db.sql<{ file_name: string }>(`select file_name from import_job where tenant_id = ? and file_name in ('old.xls', 'empty.csv', 'big.csv')`, [c.tenantId]);
    expect(jobs).toEqual([]);
    expect(fs.readdirSync(path.join(env.dataDir(), 'uploads', c.tenantId)).filter((f) => !f.includes('.'))).toHaveLength(0);
  });
});
