import { expect, test, type Page } from '@playwright/test';
import { demo, signIn, trpcQuery } from './helpers';

/**
 * Issue 3, "Must show": a rep logs a visit with two HCPs on a phone-sized screen; the person's
 * 360 timeline shows it; the next step became a task in "my tasks".
 */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

interface PersonCard {
  id: string;
  name: string;
  affiliations: { institutionId: string; isPrimary: boolean }[];
}

async function findPeople(page: Page, input: { q: string; institutionId: string | null }): Promise<PersonCard[]> {
  const res = await trpcQuery(page, 'interactions.findPeople', { ...input, limit: 50 });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()).result.data.json as PersonCard[];
}

/** Two HCPs of one hospital in the rep's territories (the demo seed has plenty). */
async function twoColleagues(page: Page): Promise<[PersonCard, PersonCard]> {
  for (const surname of ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']) {
    for (const first of await findPeople(page, { q: surname, institutionId: null })) {
      const hospital = first.affiliations.find((a) => a.isPrimary)?.institutionId;
      if (!hospital) continue;
      const second = (await findPeople(page, { q: '', institutionId: hospital })).find((p) => p.id !== first.id && p.name !== first.name);
      if (second) return [first, second];
    }
  }
  throw new Error('the demo seed has no two HCPs at one hospital in the rep’s territories');
}

async function pickPerson(page: Page, person: PersonCard) {
  await page.getByTestId('visit-person-search').fill(person.name);
  await page.getByTestId(`visit-person-option-${person.id}`).tap();
  await expect(page.getByTestId('visit-people')).toContainText(person.name);
}

test('a rep logs a visit with two HCPs on a phone; the 360 timeline shows it and the next step is a task', async ({ page }) => {
  await signIn(page, demo('rep'));
  const [first, second] = await twoColleagues(page);
  const stamp = Date.now().toString(36);
  const nextStep = `送新版说明书 ${stamp}`;

  await page.goto('/interactions/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('记录拜访');
  await pickPerson(page, first);
  await pickPerson(page, second);
  await expect(page.getByTestId('visit-place')).toBeVisible();

  await expect(page.getByTestId('visit-channel-visit')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('visit-products').getByRole('button').first().tap();
  await page.getByTestId('visit-message-input').fill('每日一次口服，依从性好');
  await page.getByTestId('visit-message-add').tap();
  await expect(page.getByTestId('visit-messages')).toContainText('每日一次口服，依从性好');
  await page.getByTestId('visit-outcome-positive').tap();
  await page.getByTestId('visit-notes').fill(`科室早会后沟通 ${stamp}`);
  await page.getByTestId('visit-next-step').fill(nextStep);
  await page.getByTestId('visit-due-tomorrow').tap();

  // Phone-first: nothing scrolls sideways, and the big save button is on screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const save = page.getByTestId('visit-save');
  await expect(save).toBeInViewport();
  await expect(save).toHaveText('保存（2 位客户）');
  await save.tap();

  await expect(page.getByTestId('interaction-saved')).toBeVisible();
  const interactionId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByTestId('interaction-detail')).toContainText(first.name);
  await expect(page.getByTestId('interaction-detail')).toContainText(second.name);
  await expect(page.getByTestId('interaction-tasks')).toContainText(nextStep);

  // The person's 360 timeline shows the visit.
  await page.goto(`/customers/people/${first.id}`);
  await expect(page.locator(`a[href="/interactions/${interactionId}"]`).first()).toBeVisible();

  // The next step became a task in "my tasks", due tomorrow, linked to the visit.
  await page.goto('/tasks');
  const task = page.getByTestId('tasks-list').locator('li', { hasText: nextStep });
  await expect(task).toBeVisible();
  await expect(task.getByRole('link', { name: '来自拜访' })).toHaveAttribute('href', `/interactions/${interactionId}`);
  await expect(task.getByRole('link', { name: first.name })).toBeVisible();
});
