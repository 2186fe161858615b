import { expect, type APIResponse, type Page } from '@playwright/test';

export const PASSWORD = 'rapport-demo';
export const demo = (role: 'admin' | 'manager' | 'rep' | 'trainer' | 'compliance') => `${role}@demo.rapport.local`;

/** Signs in through the real form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** Calls a tRPC mutation over HTTP with the page's cookies, as a browser would (JSON body). */
export function trpcMutation(page: Page, path: string, input: unknown): Promise<APIResponse> {
  return page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { 'content-type': 'application/json' } });
}

export function trpcQuery(page: Page, path: string, input?: unknown): Promise<APIResponse> {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return page.request.get(`/api/trpc/${path}${q}`);
}
