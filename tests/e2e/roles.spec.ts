import { expect, test } from '@playwright/test';
import { demo, signIn } from './helpers';

const ADMIN_LINKS = ['/admin/users', '/admin/roles', '/admin/modules', '/admin/jobs', '/admin/settings'];

test.describe('each demo role sees only what it may', () => {
  test('admin sees the administration pages', async ({ page }) => {
    await signIn(page, demo('admin'));
    for (const href of ADMIN_LINKS) await expect(page.getByTestId(`nav-${href}`)).toBeVisible();
    await expect(page.getByTestId('nav-/m/fixture-notes')).toBeVisible();
  });

  for (const role of ['manager', 'rep', 'trainer', 'compliance'] as const) {
    test(`${role} has no administration and cannot open it by URL`, async ({ page }) => {
      await signIn(page, demo(role));
      await expect(page.getByTestId('nav-/')).toBeVisible();
      for (const href of ADMIN_LINKS) await expect(page.getByTestId(`nav-${href}`)).toHaveCount(0);
      const res = await page.goto('/admin/modules');
      expect(res?.status()).toBe(404);
      // Every role holds fixture-notes.read by default, so the sample module's page is visible.
      await page.goto('/m/fixture-notes');
      await expect(page.getByTestId('fixture-notes-page')).toBeVisible();
    });
  }

  test('roles are shown in the user menu in Chinese', async ({ page }) => {
    await signIn(page, demo('compliance'));
    await page.getByTestId('user-menu').click();
    await expect(page.getByTestId('user-roles')).toHaveText('合规专员');
  });
});

test('a wrong password is refused, and repeated failures lock the account with a clear message', async ({ page }) => {
  const email = `locked-${Date.now()}@demo.rapport.local`;
  await page.goto('/signin');
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('signin-email').fill(email);
    await page.getByTestId('signin-password').fill('wrong-password');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toHaveText('邮箱或密码不正确。');
  }
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toContainText('已临时锁定');
});
