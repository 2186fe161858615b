import { expect, test, type Browser, type Page } from '@playwright/test';
import { demo, signIn } from './helpers';

/**
 * Issue 6, "Must show": a rep plans a meeting over the meal cap → blocked with the rule's message;
 * fixes it; manager and compliance approve; three attendees sign in on a phone-sized page through
 * the QR link; close-out is refused until photos and invoice exist; after close, follow-up tasks
 * exist for each attendee.
 */
test.describe.configure({ timeout: 240_000 });

function shanghaiLocal(d: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const png = (n: number) => ({ name: `room-${n}.png`, mimeType: 'image/png', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(`room photo ${n} ${Date.now()}`)]) });

async function as(browser: Browser, role: 'manager' | 'compliance' | 'rep', url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, demo(role));
  await page.goto(url);
  return page;
}

async function act(page: Page, action: string, comment?: string) {
  if (comment) await page.getByTestId('dm-comment').fill(comment);
  await page.getByTestId(`dm-action-${action}`).click();
}

test('plan → rule block → fix → approvals → QR sign-in ×3 → close-out gate → follow-up tasks', async ({ page, browser }) => {
  await signIn(page, demo('rep'));
  await page.goto('/m/dept-meetings/new');
  const form = page.getByTestId('dm-plan-form');
  await expect(form).toBeVisible();
  await page.getByTestId('dm-title').fill('糖尿病管理新进展科室会');
  await page.getByTestId('dm-objective').fill('介绍最新指南与产品循证证据');
  await expect(page.locator('[data-testid=dm-product] option')).not.toHaveCount(1);
  await page.getByTestId('dm-product').selectOption({ index: 1 });
  await page.getByTestId('dm-indication').fill('2 型糖尿病');
  // A hospital with at least three HCPs.
  const hospitals = await page.locator('[data-testid=dm-hospital] option').count();
  let found = false;
  for (let i = 1; i < hospitals && !found; i += 1) {
    await page.getByTestId('dm-hospital').selectOption({ index: i });
    await page.waitForTimeout(400);
    found = (await page.getByTestId('dm-invitee').count()) >= 5;
  }
  expect(found).toBe(true);
  for (let i = 0; i < 5; i += 1) await page.getByTestId('dm-invitee').nth(i).check();
  await page.getByTestId('dm-starts').fill(shanghaiLocal(new Date(Date.now() + 5 * 60_000)));
  await page.getByTestId('dm-venue').fill('医院学术报告厅');
  await page.getByTestId('dm-speaker-name').fill('医学部 张经理');
  await page.getByTestId('dm-meal').fill('400');
  await page.getByTestId('dm-headcount').fill('8');
  await page.getByTestId('dm-deck-id').fill('MED-DM-2026-01');
  await page.getByTestId('dm-deck-version').fill('v3');
  await page.getByTestId('dm-agenda').fill('12:00 工作餐\n12:20 专题讲座\n12:50 讨论');
  await page.getByTestId('dm-save').click();
  await page.waitForURL(/\/m\/dept-meetings\/meetings\//);
  const meetingUrl = page.url();

  // Over the meal cap: the hard rule blocks with its message.
  await act(page, 'submit', '首次在该科室开会');
  await expect(page.getByTestId('dm-action-error')).toContainText('人均餐费 ¥400 超过上限 ¥300');
  await expect(page.getByTestId('dm-state').first()).toHaveText('草稿');
  // Fix it.
  await page.getByTestId('dm-meal').fill('120');
  await page.getByTestId('dm-save').click();
  await expect(page.getByTestId('dm-history')).toContainText('修改');
  await act(page, 'submit', '首次在该科室开会');
  await expect(page.getByTestId('dm-state').first()).toHaveText('待经理审批');

  const manager = await as(browser, 'manager', meetingUrl);
  await act(manager, 'approveManager', '同意，注意控制费用');
  await expect(manager.getByTestId('dm-state').first()).toHaveText('待合规审批');
  const compliance = await as(browser, 'compliance', meetingUrl);
  await act(compliance, 'approveCompliance', '资料已审核');
  await expect(compliance.getByTestId('dm-state').first()).toHaveText('待医院批准');

  await page.reload();
  await page.getByTestId('dm-hospital-no').fill('院科字〔2026〕118号');
  await act(page, 'hospitalApproved');
  await expect(page.getByTestId('dm-state').first()).toHaveText('邀约中');
  await page.getByTestId('dm-qr').click();
  await expect(page.getByTestId('dm-qr-svg').locator('svg')).toBeVisible();
  const link = (await page.getByTestId('dm-qr-link').getAttribute('href'))!;
  const invitees = await page.getByTestId('dm-invitee-row').evaluateAll((rows) => rows.map((r) => ({ name: r.getAttribute('data-name')!, last4: r.getAttribute('data-last4')! })));
  const attendees = invitees.filter((i) => /^\d{4}$/.test(i.last4)).slice(0, 3);
  expect(attendees).toHaveLength(3);

  // Three attendees sign in on a phone.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, permissions: ['geolocation'], geolocation: { latitude: 39.91, longitude: 116.41 } });
  const phone = await phoneContext.newPage();
  await phone.goto(link);
  for (const a of attendees) {
    await phone.getByTestId('dm-signin-person').selectOption({ label: a.name });
    await phone.getByTestId('dm-signin-last4').fill(a.last4);
    const box = (await phone.getByTestId('dm-signin-canvas').boundingBox())!;
    await phone.mouse.move(box.x + 20, box.y + 40);
    await phone.mouse.down();
    for (let k = 1; k <= 12; k += 1) await phone.mouse.move(box.x + 20 + k * 20, box.y + 40 + (k % 2) * 50);
    await phone.mouse.up();
    await phone.getByTestId('dm-signin-submit').click();
    await expect(phone.getByTestId('dm-signin-done')).toContainText(a.name);
    await phone.getByTestId('dm-signin-next').click();
  }

  await page.reload();
  await expect(page.getByTestId('dm-signins').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('dm-state').first()).toHaveText('进行中');
  await act(page, 'finish');
  await expect(page.getByTestId('dm-state').first()).toHaveText('结案中');
  // Close-out refused until photos and the invoice exist.
  await act(page, 'close');
  await expect(page.getByTestId('dm-action-error')).toContainText('至少 3 张会场照片');
  await page.getByTestId('dm-evidence-file').setInputFiles([png(1), png(2), png(3)]);
  await page.getByTestId('dm-evidence-upload').click();
  await expect(page.getByTestId('dm-evidence').locator('li')).toHaveCount(3);
  await act(page, 'close');
  await expect(page.getByTestId('dm-action-error')).toContainText('发票');
  await page.getByTestId('dm-evidence-kind').selectOption('invoice');
  await page.getByTestId('dm-invoice-no').fill('04418822');
  await page.getByTestId('dm-invoice-amount').fill('360');
  await page.getByTestId('dm-invoice-venue').fill('医院职工餐厅');
  await page.getByTestId('dm-evidence-file').setInputFiles([{ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4 invoice ${Date.now()}`) }]);
  await page.getByTestId('dm-evidence-upload').click();
  await expect(page.getByTestId('dm-evidence').locator('li')).toHaveCount(4);
  await act(page, 'close', '按预算执行');
  await expect(page.getByTestId('dm-state').first()).toHaveText('稽核中');

  // The follow-up job creates one task per attendee.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('dm-followup-task')).toHaveCount(3, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await page.goto('/tasks');
  for (const a of attendees) await expect(page.getByText(`科室会随访：${a.name}`).first()).toBeVisible();
});
