import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { demo, signIn, trpcMutation, trpcQuery } from './helpers';

/**
 * Issue 4, "Must show": a person opens their self-service link (no login, on a phone), withdraws
 * WeChat promotional consent and gets a receipt; staff then see the withdrawal with that receipt on
 * the person's consent record (and on the 360 page once the consent panel is embedded there); the
 * compliance console's overview lists it.
 */

async function json<T>(res: APIResponse): Promise<T> {
  const body = (await res.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!body.result) throw new Error(`tRPC call failed: ${body.error?.json.message ?? res.status()}`);
  return body.result.data.json;
}

/** A demo person to work with; created through the customer API when the demo has none. */
async function somePerson(page: Page): Promise<{ id: string; name: string }> {
  const found = await json<{ id: string; name: string }[]>(await trpcQuery(page, 'compliance.consent.findPeople', { q: '王' }));
  if (found.length) return found[0]!;
  const created = await json<{ status: string; id: string }>(await trpcMutation(page, 'customers.people.create', { name: '王建国', kind: 'hcp', title: 'chief', affiliations: [], allowDuplicate: true }));
  return { id: created.id, name: '王建国' };
}

/** The active zh-CN promotional notice, published first when there is none. */
async function promotionalNotice(page: Page): Promise<string> {
  const active = await json<{ id: string; purpose: string; locale: string }[]>(await trpcQuery(page, 'compliance.consent.activeNotices'));
  const existing = active.find((n) => n.purpose === 'promotional' && n.locale === 'zh-CN');
  if (existing) return existing.id;
  const { id } = await json<{ id: string }>(
    await trpcMutation(page, 'compliance.notices.create', { purpose: 'promotional', locale: 'zh-CN', title: '产品推广信息告知书', body: '我们将通过您同意的渠道向您发送产品学术资料。您可随时撤回。' }),
  );
  await json(await trpcMutation(page, 'compliance.notices.activate', { id, reconsentRequired: true }));
  return id;
}

test('a person withdraws WeChat promotion from the self-service link; staff and the console see it with its receipt', async ({ page, browser }) => {
  await signIn(page, demo('compliance'));
  const person = await somePerson(page);
  const noticeId = await promotionalNotice(page);
  await json(
    await trpcMutation(page, 'compliance.consent.grant', {
      personId: person.id,
      items: [
        { purpose: 'promotional', channel: 'wechat' },
        { purpose: 'promotional', channel: 'visit' },
      ],
      noticeIds: [noticeId],
      captureMethod: 'paper_form',
      captureReference: `E2E-${Date.now()}`,
    }),
  );
  const { path } = await json<{ path: string }>(await trpcMutation(page, 'compliance.consent.issueLink', { personId: person.id }));

  // The person, on a phone, without any session.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const self = await phone.newPage();
  await self.goto(path);
  await expect(self.getByTestId('consent-self-active')).toBeVisible();
  await expect(self.getByTestId('consent-self-item-promotional-wechat')).toContainText('产品推广');
  await self.getByTestId('consent-self-withdraw-promotional-wechat').click();
  await expect(self.getByTestId('consent-self-receipt')).toBeVisible();
  const receipt = (await self.getByTestId('consent-self-receipt-number').innerText()).trim();
  expect(receipt).toMatch(/^CW-\d{8}-[A-Z2-9]{6}$/);
  await expect(self.getByTestId('consent-self-item-promotional-wechat')).toHaveCount(0);
  await expect(self.getByTestId('consent-self-item-promotional-visit')).toBeVisible();
  await expect(self.getByTestId('consent-self-withdrawn')).toContainText('微信');
  // A tampered link shows nothing of the person.
  await self.goto(`${path.slice(0, -4)}AAAA`);
  await expect(self.getByTestId('consent-self-invalid')).toBeVisible();
  await phone.close();

  // Staff: the person's consent record shows the withdrawal with the person's own receipt.
  await page.goto(`/compliance/consent/${person.id}`);
  const panel = page.getByTestId('consent-panel');
  await expect(panel.getByTestId('consent-state-promotional-wechat')).toHaveText('已撤回');
  await expect(panel.getByTestId('consent-scope-promotional-wechat')).toContainText(receipt);
  await expect(panel.getByTestId(`consent-receipt-${receipt}`)).toContainText('本人自助页面');
  await expect(panel.getByTestId('consent-state-promotional-visit')).toHaveText('有效');
  await expect(page.getByTestId('consent-history').getByTestId('consent-event-withdraw').first()).toContainText('本人（自助页面）');

  // The 360 page embeds the same panel (when the customer pages include it).
  await page.goto(`/customers/people/${person.id}`);
  if (await page.getByTestId('consent-panel').count()) {
    await expect(page.getByTestId('consent-panel').getByTestId(`consent-receipt-${receipt}`)).toBeVisible();
    await expect(page.getByTestId('consent-panel').getByTestId('consent-state-promotional-wechat')).toHaveText('已撤回');
  }

  // The console's overview counts it and lists it among the recent withdrawals.
  await page.goto('/compliance');
  await expect(page.getByTestId(`overview-withdrawal-${receipt}`)).toContainText(person.name);
  await expect(page.getByTestId(`overview-withdrawal-${receipt}`)).toContainText('本人自助页面');
  const withdrawn = Number((await page.getByTestId('overview-withdrawn-promotional-wechat').innerText()).replace(/[^\d]/g, ''));
  expect(withdrawn).toBeGreaterThanOrEqual(1);
});

test('staff withdraw in one step from the consent panel, with a receipt', async ({ page }) => {
  await signIn(page, demo('compliance'));
  const person = await somePerson(page);
  const noticeId = await promotionalNotice(page);
  await json(await trpcMutation(page, 'compliance.consent.grant', { personId: person.id, items: [{ purpose: 'promotional', channel: 'sms' }], noticeIds: [noticeId], captureMethod: 'electronic' }));
  await page.goto(`/compliance/consent/${person.id}`);
  await expect(page.getByTestId('consent-state-promotional-sms')).toHaveText('有效');
  await page.getByTestId('consent-withdraw-promotional-sms').click();
  await expect(page.getByTestId('consent-receipt-notice')).toContainText('CW-');
  await expect(page.getByTestId('consent-state-promotional-sms')).toHaveText('已撤回');
});
