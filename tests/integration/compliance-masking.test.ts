/**
 * Masking follows the tenant's privacy policy (issue 4, "Privacy settings"): once compliance marks
 * birthday, mobile and email sensitive, they are masked on lists, the 360 profile, the edit form of
 * members who may not unmask, and exports; unmasking them is audited; audit entries of changes
 * never show their values. Unmask rights are the role matrix's customers.unmask grant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureOf, forEachDatabase, signIn } from '../support/db';
import { doctor, FIRST_PAGE, hospital, setupCompany, type Company } from './customers-fixtures';
import { download, parseCsv, useImportEnvironment } from './imports-support';

const MOBILE = '13812345678';
const EMAIL = 'wang.pd@pdhospital.cn';

forEachDatabase((db) => {
  const env = useImportEnvironment();
  let c: Company;
  let person: string;

  beforeAll(async () => {
    c = await setupCompany(`Masking ${db.driver}`);
    const pudong = await hospital(c, '浦东人民医院', c.territories.pudong);
    person = await doctor(c, '王浦东', pudong, {
      birthday: '1975-03-08',
      contacts: [
        { kind: 'mobile', value: MOBILE, label: null },
        { kind: 'email', value: EMAIL, label: null },
        { kind: 'wechat', value: 'wangpd_md', label: null },
      ],
    });
    const view = await c.users.compliance.api.compliance.privacy.get();
    const { crossBorder: _cb, ...settings } = view.settings;
    await c.users.compliance.api.compliance.privacy.update({ ...settings, sensitiveCoreFields: ['person.idNumber', 'person.birthday', 'person.mobile', 'person.email'] } as never);
    // Reps may export in this company (not by default).
    await c.users.admin.api.admin.roles.setGrant({ role: 'rep', permission: 'customers.export', granted: true });
  });

  const auditRows = async (action: string) =>
    (await db.sql<{ actor_user_id: string; changes: unknown }>('select actor_user_id, changes from audit_entry where tenant_id = ? and action = ? order by seq', [c.tenantId, action])).map((r) => ({
      actor: r.actor_user_id,
      changes: (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as Record<string, unknown>,
    }));

  it('masks the marked fields on the people list, leaves the unmarked ones', async () => {
    const page = await c.users.rep.api.customers.people.list({ ...FIRST_PAGE, filters: {}, columns: ['mobile', 'email', 'wechat'] } as never);
    const row = page.rows.find((r) => r.id === person)!;
    expect(row.cells).toEqual({ mobile: '138****5678', email: 'w***@pdhospital.cn', wechat: 'wangpd_md' });
  });

  it('masks them on the 360 profile and says which; the rep cannot unmask, an unmasking member can (audited)', async () => {
    const p = await c.users.rep.api.customers.people.get({ id: person });
    expect(p.birthday).toBe('****-**-**');
    expect(p.maskedFields.sort()).toEqual(['birthday', 'email', 'mobile']);
    expect(p.contacts.map((x) => [x.kind, x.value, x.masked])).toEqual(
      expect.arrayContaining([
        ['mobile', '138****5678', true],
        ['email', 'w***@pdhospital.cn', true],
        ['wechat', 'wangpd_md', false],
      ]),
    );
    const mobile = p.contacts.find((x) => x.kind === 'mobile')!;
    expect((await failureOf(c.users.rep.api.customers.unmask({ kind: 'person', id: person, field: `contact.${mobile.id}` }))).code).toBe('FORBIDDEN');

    expect(await c.users.compliance.api.customers.unmask({ kind: 'person', id: person, field: `contact.${mobile.id}` })).toEqual({ field: `contact.${mobile.id}`, value: MOBILE });
    expect(await c.users.compliance.api.customers.unmask({ kind: 'person', id: person, field: 'birthday' })).toEqual({ field: 'birthday', value: '1975-03-08' });
    // An unmarked field is not "unmasked": there is nothing to reveal.
    const wechat = p.contacts.find((x) => x.kind === 'wechat')!;
    expect((await failureOf(c.users.compliance.api.customers.unmask({ kind: 'person', id: person, field: `contact.${wechat.id}` }))).appCode).toBe('NOT_SENSITIVE');
    const audit = await auditRows('customer.unmasked');
    expect(audit.filter((a) => a.actor === c.users.compliance.id).map((a) => a.changes.field)).toEqual([`contact.${mobile.id}`, 'birthday']);
  });

  it('the edit form: masked and read-only for the rep (an update without them keeps the values), clear for an unmasking member (audited)', async () => {
    const forRep = await c.users.rep.api.customers.people.get({ id: person, forEdit: true });
    expect(forRep.maskedFields).toContain('mobile');
    expect(JSON.stringify(forRep)).not.toContain(MOBILE);
    await c.users.rep.api.customers.people.update({ id: person, specialty: '糖尿病' } as never);
    const forAdmin = await c.users.admin.api.customers.people.get({ id: person, forEdit: true });
    expect(forAdmin.maskedFields).toEqual([]);
    expect(forAdmin.birthday).toBe('1975-03-08');
    expect(forAdmin.contacts.map((x) => x.value)).toEqual(expect.arrayContaining([MOBILE, EMAIL]));
    expect(forAdmin.specialty).toBe('糖尿病');
    const edits = (await auditRows('customer.unmasked')).filter((a) => a.actor === c.users.admin.id);
    expect(edits.at(-1)!.changes).toMatchObject({ purpose: 'edit' });
  });

  it('the audit log records a change of a marked field without its values', async () => {
    await c.users.admin.api.customers.people.update({ id: person, birthday: '1975-03-09' } as never);
    const updated = (await auditRows('customer.updated')).at(-1)!;
    expect(updated.changes.birthday).toBeDefined();
    expect(JSON.stringify(updated.changes)).not.toContain('1975-03-0');
  });

  describe('exports', () => {
    async function exportCsv(who: 'rep' | 'admin', unmasked: boolean) {
      const { id } = await c.users[who].api.exports.create({ entity: 'person', format: 'csv', filters: {}, sort: null, columns: ['name', 'mobile', 'email', 'wechat', 'birthday'], unmasked } as never);
      await env.driver().drain(60_000);
      const file = await download(await signIn(c.users[who].id, c.tenantId), id);
      return parseCsv(file.body.toString('utf8'));
    }

    it('mask the marked fields unless an unmasking member asks for an unmasked file', async () => {
      const masked = await exportCsv('rep', false);
      expect(masked[1]).toEqual(['王浦东', '138****5678', 'w***@pdhospital.cn', 'wangpd_md', '****-**-**']);
      const clear = await exportCsv('admin', true);
      expect(clear.find((r) => r[0] === '王浦东')).toEqual(['王浦东', MOBILE, EMAIL, 'wangpd_md', '1975-03-09']);
    });
  });
});
