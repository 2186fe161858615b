import { expect, test, type Browser, type Page } from '@playwright/test';
import { demo, signIn, trpcMutation, trpcQuery } from './helpers';

/**
 * Issue 5, "Must show": (a) a complaint mentioning 皮疹 logged from an interaction opens an
 * adverse-event case with a running 24 h clock, which cannot be closed without the safety-database
 * reference; (b) a survey sent to a segment skips the person who withdrew survey consent, another
 * answers on a phone-sized page through the link, and the dashboard's NPS widget moves.
 */

interface PersonCard {
  id: string;
  name: string;
  affiliations: { institutionId: string; isPrimary: boolean }[];
}

async function json<T>(res: Awaited<ReturnType<typeof trpcQuery>>): Promise<T> {
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()).result.data.json as T;
}

/** A hospital with at least two differently named HCPs that the signed-in member can see. */
async function hospitalWithTwo(page: Page): Promise<{ institutionId: string; people: PersonCard[] }> {
  for (const surname of ['王', '李', '张', '刘', '陈', '杨']) {
    const found = await json<PersonCard[]>(await trpcQuery(page, 'interactions.findPeople', { q: surname, institutionId: null, limit: 50 }));
    for (const first of found) {
      const institutionId = first.affiliations.find((a) => a.isPrimary)?.institutionId;
      if (!institutionId) continue;
      const people = await json<PersonCard[]>(await trpcQuery(page, 'interactions.findPeople', { q: '', institutionId, limit: 50 }));
      const distinct = people.filter((p, i) => people.findIndex((q) => q.name === p.name) === i);
      if (distinct.length >= 2) return { institutionId, people: distinct };
    }
  }
  throw new Error('no hospital with two HCPs in the demo data');
}

async function newPage(browser: Browser, role: Parameters<typeof demo>[0], phone = false): Promise<Page> {
  const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' } : { locale: 'zh-CN' });
  const page = await context.newPage();
  if (role) await signIn(page, demo(role));
  return page;
}

test('a complaint mentioning 皮疹 logged from an interaction opens an AE with a running 24 h clock; it cannot be closed without the safety reference', async ({ page, browser }) => {
  await signIn(page, demo('rep'));
  const { people } = await hospitalWithTwo(page);
  const logged = await page.request.post('/api/trpc/interactions.log', {
    headers: { 'content-type': 'application/json' },
    data: {
      json: { channel: 'visit', occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(), personIds: [people[0]!.id], productIds: [], keyMessages: [], notes: '常规学术拜访，讨论了新版指南。', outcome: 'positive' },
      meta: { values: { occurredAt: ['Date'] } },
    },
  });
  const { id: interactionId } = await json<{ id: string }>(logged);

  await page.goto(`/interactions/${interactionId}`);
  const panel = page.getByTestId('feedback-interaction-panel');
  await expect(panel).toContainText(people[0]!.name);
  await panel.getByTestId('feedback-kind').selectOption('complaint');
  await panel.getByTestId('feedback-severity').selectOption('high');
  await panel.getByTestId('feedback-text').fill('主任反映一位患者服药后第二天出现皮疹，已停药观察，希望了解处理建议。');
  await panel.getByTestId('feedback-case-save').click();
  await expect(panel.getByTestId('feedback-case-created')).toContainText('已记录反馈');
  await expect(panel.getByTestId('feedback-ae-notice')).toContainText('24 小时内上报');
  await panel.getByTestId('feedback-ae-link').click();

  await expect(page.getByTestId('feedback-ae-page')).toBeVisible();
  const clock = page.getByTestId('feedback-ae-clock');
  await expect(clock).toHaveAttribute('data-running', 'true');
  await expect(clock).toContainText(/剩余 2[34] 小时/);
  const due = new Date((await clock.getAttribute('data-due'))!).getTime();
  expect(due - Date.now()).toBeGreaterThan(23 * 3_600_000);
  expect(due - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
  await expect(page.getByTestId('feedback-ae-status')).toHaveText('待上报');
  const aeUrl = page.url();

  // The pharmacovigilance officer cannot close it without the safety-database reference.
  const officer = await newPage(browser, 'compliance');
  await officer.goto(aeUrl);
  await officer.getByTestId('feedback-ae-initials').fill('LXM');
  await officer.getByTestId('feedback-ae-age').fill('58');
  await officer.getByTestId('feedback-ae-sex').selectOption('female');
  await officer.getByTestId('feedback-ae-product').selectOption({ index: 1 });
  await officer.getByTestId('feedback-ae-save').click();
  await expect(officer.getByTestId('feedback-ae-missing')).toHaveText('最低报告信息已齐全。');
  await officer.getByTestId('feedback-ae-close').click();
  await expect(officer.getByTestId('feedback-ae-close-form')).toContainText('关闭前必须填写安全数据库编号');
  await officer.reload();
  await expect(officer.getByTestId('feedback-ae-status')).toHaveText('待上报');
  await expect(officer.getByTestId('feedback-ae-clock')).toHaveAttribute('data-running', 'true');
  await officer.getByTestId('feedback-ae-safety-ref').fill('PV-2026-000321');
  await officer.getByTestId('feedback-ae-close').click();
  await expect(officer.getByTestId('feedback-ae-status')).toHaveText('已上报关闭');
  await expect(officer.getByTestId('feedback-ae-page')).toContainText('PV-2026-000321');
  await officer.context().close();
});

test('a survey sent to a segment skips the person who withdrew survey consent; another answers on a phone; the NPS widget moves', async ({ page, browser }) => {
  await signIn(page, demo('manager'));
  const stamp = Date.now().toString(36);
  const { institutionId, people } = await hospitalWithTwo(page);
  const [kept, withdrawn] = [people[0]!, people[1]!];
  const viewName = `满意度调研 ${stamp}`;
  await json(await trpcMutation(page, 'customers.views.create', { entity: 'person', name: viewName, definition: { filters: { institutionId }, columns: ['institution'], sort: null }, isDefault: false }));

  // Survey consent by SMS for both; one of them withdraws it again.
  const officer = await newPage(browser, 'compliance');
  const notices = await json<{ id: string; purpose: string }[]>(await trpcQuery(officer, 'compliance.consent.activeNotices'));
  const notice = notices.find((n) => n.purpose === 'survey')!;
  for (const p of [kept, withdrawn]) {
    await json(await trpcMutation(officer, 'compliance.consent.grant', { personId: p.id, items: [{ purpose: 'survey', channel: 'sms' }], noticeIds: [notice.id], captureMethod: 'electronic' }));
  }
  await json(await trpcMutation(officer, 'compliance.consent.withdraw', { personId: withdrawn.id, scopes: [{ purpose: 'survey', channel: 'sms' }], note: '医生表示不再参加调研' }));
  await officer.context().close();

  await page.goto('/');
  const widget = page.getByTestId('feedback-nps-widget');
  await expect(widget).toBeVisible();
  const before = Number(await widget.getAttribute('data-responses'));

  await page.goto('/m/feedback/surveys');
  await page.getByTestId('feedback-surveys').getByRole('link', { name: '2026 年学术服务满意度调研' }).click();
  await expect(page.getByTestId('feedback-survey-status')).toHaveText('已发布');
  await page.getByTestId('feedback-send-segment').selectOption({ label: viewName });
  await page.getByTestId('feedback-send-channel').selectOption('sms');
  await page.getByTestId('feedback-send-submit').click();
  await expect(page.getByTestId('feedback-send-page')).toBeVisible();

  // Core's send job decides per person at send time.
  const row = (name: string) => page.locator(`[data-testid="feedback-send-row"][data-person="${name}"]`).first();
  await expect(async () => {
    await page.reload();
    await expect(row(withdrawn.name)).toHaveAttribute('data-status', 'skipped', { timeout: 1000 });
    await expect(row(kept.name)).toHaveAttribute('data-status', 'sent', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row(withdrawn.name)).toContainText('已撤回同意');
  const link = await row(kept.name).getByTestId('feedback-send-link').getAttribute('href');
  expect(link).toMatch(/^\/p\/feedback\/survey\//);

  // The doctor answers on a phone, without signing in.
  const phone = await newPage(browser, null as never, true);
  await phone.goto(link!);
  await expect(phone.getByTestId('feedback-survey-answer')).toBeVisible();
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phone.getByTestId('survey-nps-10').tap();
  await phone.getByTestId('survey-comment-text').fill('代表服务很专业，资料很及时。');
  await phone.getByTestId('feedback-survey-submit').tap();
  await expect(phone.getByTestId('feedback-survey-thanks')).toContainText('感谢您的反馈');
  // The link is one-time: opening it again says it was answered.
  await phone.goto(link!);
  await expect(phone.getByTestId('feedback-survey-already')).toBeVisible();
  await phone.context().close();

  await page.goto('/');
  await expect(page.getByTestId('feedback-nps-widget')).toHaveAttribute('data-responses', String(before + 1));
});
