import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from './helpers';

const ENDO_TITLE = '内分泌科科室会答疑：X片与Y之争';

// The rep plays on a phone-sized screen.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function answer(page: Page, optionIds: string[]) {
  for (const id of optionIds) {
    await page.getByTestId(`sim-option-${id}`).click();
    if (id !== optionIds.at(-1)) await expect(page.getByTestId(`sim-option-${id}`)).toHaveCount(0);
  }
}

test('trainer assigns the endocrinology scenario; the rep fails the gate, then probes 李副主任; the trainer overrides a score', async ({ page, browser }) => {
  // Trainer (desktop) assigns the scenario to the demo rep 李明.
  const trainerContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const trainer = await trainerContext.newPage();
  await signIn(trainer, demo('trainer'));
  await trainer.goto('/m/meeting-sim/trainer');
  await trainer.getByTestId('sim-assign-scenario').selectOption({ label: ENDO_TITLE });
  await trainer.getByTestId('sim-assign-form').getByLabel('李明', { exact: true }).check();
  const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  await trainer.getByTestId('sim-assign-due').fill(due);
  await trainer.getByTestId('sim-assign-save').click();
  await expect(trainer.getByTestId('sim-assign-done')).toContainText('1');

  // Rep, on a phone: the assignment is there; first run claims "no hypoglycaemia".
  await signIn(page, demo('rep'));
  await page.goto('/m/meeting-sim');
  const assignments = page.getByTestId('sim-my-assignments');
  await expect(assignments).toContainText(ENDO_TITLE);
  await expect(assignments).toContainText('王芳');
  await assignments.locator('[data-testid^="sim-start-assignment-"]').first().click();
  await expect(page.getByTestId('sim-player')).toBeVisible();
  await expect(page.getByTestId('sim-persona-line')).toContainText('王主任');
  await expect(page.getByTestId('sim-timebox')).toContainText('8:00');
  await answer(page, ['t1_probe', 't2_no_hypo', 't3_probe', 't4_process', 't5_next']);
  await page.waitForURL(/\/m\/meeting-sim\/runs\//);
  const gate = page.getByTestId('sim-gate-failed');
  await expect(gate).toBeVisible();
  await expect(gate).toContainText('超说明书宣称');
  await expect(gate).toContainText('X完全不会引起低血糖');
  await expect(page.getByTestId('sim-blocker-why')).toContainText('单药治疗时低血糖发生率低');
  await expect(page.getByTestId('sim-concern-hypo_history')).toHaveAttribute('data-found', 'false');

  // Second run: probing 李副主任 raises his attitude and reveals his hidden concern.
  await page.goto('/m/meeting-sim');
  await page.getByTestId('sim-practise-endocrinology-x').click();
  await expect(page.getByTestId('sim-player')).toBeVisible();
  await expect(page.getByTestId('sim-attitude-value-li')).toHaveText('-1');
  await answer(page, ['t1_probe', 't2_probe']);
  await expect(page.getByTestId('sim-attitude-value-li')).toHaveText('0');
  await expect(page.getByTestId('sim-persona-line')).toContainText('严重低血糖');
  await answer(page, ['t2b_ack']);
  await expect(page.getByTestId('sim-attitude-value-li')).toHaveText('+1');
  await answer(page, ['t3_probe', 't4_process', 't5_next']);
  await page.waitForURL(/\/m\/meeting-sim\/runs\//);
  await expect(page.getByTestId('sim-gate-passed')).toBeVisible();
  await expect(page.getByTestId('sim-concern-hypo_history')).toHaveAttribute('data-found', 'true');
  await expect(page.getByTestId('sim-concern-hypo_history')).toContainText('严重低血糖');
  await expect(page.getByTestId('sim-attitude-li')).toHaveAttribute('data-attitude', '1');
  const debriefUrl = page.url();

  // The trainer overrides one score with a comment …
  await trainer.goto(debriefUrl);
  await trainer.getByTestId('sim-override-criterion').selectOption('closing');
  await trainer.getByTestId('sim-override-score').fill('80');
  await trainer.getByTestId('sim-override-comment').fill('收尾很好，但应先确认李主任是否需要医学部资料。');
  await trainer.getByTestId('sim-override-save').click();
  await expect(trainer.getByTestId('sim-override-closing')).toContainText('收尾很好');
  await expect(trainer.getByTestId('sim-criterion-score-closing')).toContainText('80');

  // … and the rep sees it, and acknowledges.
  await page.reload();
  await expect(page.getByTestId('sim-override-closing')).toContainText('收尾很好，但应先确认李主任是否需要医学部资料。');
  await expect(page.getByTestId('sim-override-closing')).toContainText('王芳');
  await page.getByTestId('sim-ack-comment').fill('下次先确认医生需要哪些资料。');
  await page.getByTestId('sim-ack-save').click();
  await expect(page.getByTestId('sim-acknowledged')).toContainText('下次先确认医生需要哪些资料。');
  await trainerContext.close();
});
