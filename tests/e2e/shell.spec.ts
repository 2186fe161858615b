import { expect, test } from '@playwright/test';
import { demo, signIn } from './helpers';

test('switching language changes the interface and is remembered for the user', async ({ page, browser }) => {
  await signIn(page, demo('manager'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await page.getByTestId('language-switch').getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard');

  // Remembered on the account: a fresh browser (no cookie) signs in to English.
  const other = await browser.newContext({ locale: 'zh-CN' });
  const page2 = await other.newPage();
  await signIn(page2, demo('manager'));
  await expect(page2.getByRole('heading', { level: 1 })).toHaveText('Dashboard');
  await page2.getByTestId('language-switch').getByRole('button', { name: '中文' }).click();
  await expect(page2.getByRole('heading', { level: 1 })).toHaveText('工作台');
  await other.close();
});

test('switching tenant changes the company everything is read from', async ({ page }) => {
  await signIn(page, demo('admin'));
  const switcher = page.getByTestId('tenant-switcher');
  await expect(switcher.locator('option:checked')).toHaveText('华康医药（演示）');
  // The sample module is enabled in 华康 only.
  await expect(page.getByTestId('nav-/m/fixture-notes')).toBeVisible();

  await switcher.selectOption({ label: '瑞安生物（演示）' });
  await expect(page.getByTestId('tenant-switcher').locator('option:checked')).toHaveText('瑞安生物（演示）');
  await expect(page.getByTestId('nav-/m/fixture-notes')).toHaveCount(0);
  expect((await page.goto('/m/fixture-notes'))?.status()).toBe(404);

  // Users page lists 瑞安's members only (admin and rep).
  await page.goto('/admin/users');
  await expect(page.getByText('manager@demo.rapport.local')).toHaveCount(0);
  await expect(page.getByText('rep@demo.rapport.local').first()).toBeVisible();

  await page.getByTestId('tenant-switcher').selectOption({ label: '华康医药（演示）' });
  await expect(page.getByTestId('nav-/m/fixture-notes')).toBeVisible();
});
