import { expect, test, type Page } from '@playwright/test';
import { demo, signIn, trpcMutation, trpcQuery } from './helpers';

/** Data a test needs, created through the API as the signed-in user (so it lands in their territory). */
async function api<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const res = kind === 'mutation' ? await trpcMutation(page, path, input) : await trpcQuery(page, path, input);
  const body = await res.json();
  expect(res.status(), JSON.stringify(body).slice(0, 400)).toBe(200);
  return body.result.data.json as T;
}

async function setUpHospital(page: Page, name: string): Promise<{ territoryId: string; institutionId: string }> {
  const territories = await api<{ id: string }[]>(page, 'customers.territories.options', undefined, 'query');
  const territoryId = territories.at(-1)!.id;
  const created = await api<{ status: string; id: string }>(page, 'customers.institutions.create', { name, type: 'hospital', hospitalLevel: '3A', territoryId, allowDuplicate: true });
  return { territoryId, institutionId: created.id };
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a rep finds a doctor by pinyin initials, opens the 360, changes the tier with a reason', async ({ page }) => {
    await signIn(page, demo('rep'));
    const { institutionId } = await setUpHospital(page, `测试第一人民医院${Date.now() % 100000}`);
    const person = await api<{ status: string; id: string }>(page, 'customers.people.create', {
      name: '欧阳测试',
      title: 'chief',
      affiliations: [{ institutionId, isPrimary: true }],
      contacts: [{ kind: 'mobile', value: '13700137001' }],
      allowDuplicate: true,
    });

    await page.goto('/customers/people');
    await page.getByTestId('list-search').fill('oycs');
    const card = page.getByTestId(`card-${person.id}`);
    await expect(card).toBeVisible();
    await expect(card).toContainText('欧阳测试');
    await expect(page.getByTestId('list-count')).toHaveText('共 1 条');
    // The same person by the end of the phone number.
    await page.getByTestId('list-search').fill('7001');
    await expect(page.getByTestId(`card-${person.id}`)).toBeVisible();

    await page.getByTestId(`card-${person.id}`).getByRole('link').first().click();
    await expect(page.getByTestId('person-name')).toHaveText('欧阳测试');
    await expect(page.getByTestId('log-visit')).toHaveAttribute('href', new RegExp(`/interactions/new\\?personId=${person.id}`));
    await expect(page.getByTestId('timeline-card')).toBeVisible();

    await page.getByTestId('lifecycle-open').click();
    await page.getByTestId('lifecycle-value').selectOption('A');
    await page.getByTestId('lifecycle-reason').fill('科室学术带头人');
    await page.getByTestId('lifecycle-dialog-confirm').click();
    await expect(page.getByTestId('person-tier')).toHaveText('A 类');
    await expect(page.getByTestId('lifecycle-history')).toContainText('科室学术带头人');
    await expect(page.getByTestId('timeline')).toContainText('分级调整：未分级 → A 类');
  });
});

test('creating a duplicate shows the match first; unmasking is possible for the admin; the duplicate merges back', async ({ page }) => {
  await signIn(page, demo('admin'));
  const hospitalName = `测试合并医院${Date.now() % 100000}`;
  const { institutionId } = await setUpHospital(page, hospitalName);
  const original = await api<{ id: string }>(page, 'customers.people.create', {
    name: '司马测试',
    affiliations: [{ institutionId, isPrimary: true }],
    contacts: [{ kind: 'mobile', value: '13900139002' }],
    allowDuplicate: true,
  });

  await page.goto('/customers/people/new');
  await page.getByTestId('person-name').fill('司马测验');
  await page.getByTestId('affiliation-institution-0').fill(hospitalName);
  await page.getByTestId('affiliation-institution-0-results').getByRole('button').first().click();
  await page.getByTestId('contact-value-0').fill('139 0013 9002');
  await page.getByTestId('person-id-number').fill('11010519491231002X');
  await page.getByTestId('person-save').click();

  const panel = page.getByTestId('duplicates-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId(`duplicate-${original.id}`)).toContainText('司马测试');
  await expect(page.getByTestId(`duplicate-${original.id}`)).toContainText('手机号相同');
  await page.getByTestId('duplicates-create-anyway').click();

  await expect(page.getByTestId('person-name')).toHaveText('司马测验');
  await expect(page.getByTestId('masked-idNumber')).toHaveText('****002X');
  await page.getByTestId('unmask-idNumber').click();
  await expect(page.getByTestId('masked-idNumber')).toHaveText('11010519491231002X');

  await page.getByTestId('merge-open').click();
  await page.getByTestId('merge-other').fill('司马测试');
  await page.getByTestId('merge-other-results').getByRole('button').first().click();
  await page.getByTestId('merge-keep-other').check();
  await expect(page.getByTestId('merge-preview')).toContainText('司马测试');
  await page.getByTestId('merge-dialog-confirm').click();
  await expect(page).toHaveURL(new RegExp(`/customers/people/${original.id}$`));
  // The kept record took over the ID number it lacked.
  await expect(page.getByTestId('masked-idNumber')).toHaveText('****002X');
});

test('a custom field added by the admin shows in the form and the profile; removing it keeps the value', async ({ page }) => {
  await signIn(page, demo('admin'));
  const label = `测试床位${Date.now() % 100000}`;
  await page.goto('/admin/custom-fields');
  await page.getByTestId('cf-tab-institution').click();
  await page.getByTestId('cf-new').click();
  await page.getByTestId('cf-type').selectOption('number');
  await page.getByTestId('cf-label-zh').fill(label);
  await page.getByTestId('cf-label-en').fill(`Test beds ${label.slice(-5)}`);
  await page.getByTestId('cf-save').click();
  const row = page.getByTestId('cf-list').locator('li', { hasText: label });
  await expect(row).toBeVisible();
  const key = (await row.getAttribute('data-testid'))!.replace(/^cf-/, '');

  await page.goto('/customers/institutions/new');
  await page.getByTestId('institution-name').fill(`测试字段医院${Date.now() % 100000}`);
  await page.getByTestId('institution-territory').selectOption({ index: 1 });
  await page.getByTestId(`custom-input-${key}`).fill('880');
  await page.getByTestId('institution-save').click();
  await expect(page.getByTestId(`custom-${key}`)).toHaveText('880');
  const url = page.url();

  await page.goto('/admin/custom-fields');
  await page.getByTestId('cf-tab-institution').click();
  await page.getByTestId(`cf-archive-${key}`).click();
  await page.getByTestId('cf-archive-dialog-confirm').click();
  await expect(page.getByTestId(`cf-archived-${key}`)).toBeVisible();
  await page.goto(url);
  await expect(page.getByTestId(`custom-${key}`)).toHaveCount(0);

  await page.goto('/admin/custom-fields');
  await page.getByTestId('cf-tab-institution').click();
  await page.getByTestId(`cf-restore-${key}`).click();
  await expect(page.getByTestId(`cf-${key}`)).toBeVisible();
  await page.goto(url);
  await expect(page.getByTestId(`custom-${key}`)).toHaveText('880');
});
