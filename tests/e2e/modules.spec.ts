import { expect, test } from '@playwright/test';
import { demo, signIn, trpcMutation, trpcQuery } from './helpers';

test('disabling a module hides its nav, page and panel and closes its API; re-enabling brings its data back', async ({ page }) => {
  await signIn(page, demo('admin'));

  // Write a note through the plugin's own page.
  const title = `拜访纪要 ${Date.now()}`;
  await page.getByTestId('nav-/m/fixture-notes').click();
  await page.getByTestId('fixture-note-title').fill(title);
  await page.getByTestId('fixture-note-body').fill('王主任对新适应症感兴趣，下次带文献。');
  await page.getByTestId('fixture-note-save').click();
  await expect(page.getByTestId('fixture-notes-list')).toContainText(title);
  await page.goto('/');
  await expect(page.getByTestId('panel-fixture-notes-latest')).toContainText(title);

  // Disable it on the Modules page.
  await page.goto('/admin/modules');
  await expect(page.getByTestId('module-status-fixture-notes')).toHaveText('已启用');
  await page.getByTestId('module-toggle-fixture-notes').click();
  await expect(page.getByTestId('module-status-fixture-notes')).toHaveText('未启用');

  await expect(page.getByTestId('nav-/m/fixture-notes')).toHaveCount(0);
  expect((await page.goto('/m/fixture-notes'))?.status()).toBe(404);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await expect(page.getByTestId('panel-fixture-notes-latest')).toHaveCount(0);

  const create = await trpcMutation(page, 'plugins.fixture-notes.create', { title: 'x', body: '' });
  expect(create.status()).toBe(403);
  const body = await create.json();
  expect(body.error.json.data.appCode).toBe('PLUGIN_NOT_ENABLED');
  expect(body.error.json.message).toContain('模块未启用');
  expect((await trpcQuery(page, 'plugins.fixture-notes.list')).status()).toBe(403);

  // Re-enable: everything, including the note, is back.
  await page.goto('/admin/modules');
  await page.getByTestId('module-toggle-fixture-notes').click();
  await expect(page.getByTestId('module-status-fixture-notes')).toHaveText('已启用');
  await expect(page.getByTestId('nav-/m/fixture-notes')).toBeVisible();
  await page.goto('/m/fixture-notes');
  await expect(page.getByTestId('fixture-notes-list')).toContainText(title);
  await page.goto('/');
  await expect(page.getByTestId('panel-fixture-notes-latest')).toContainText(title);
  expect((await trpcQuery(page, 'plugins.fixture-notes.list')).status()).toBe(200);
});
