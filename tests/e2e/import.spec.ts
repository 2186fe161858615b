import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demo, signIn, trpcQuery } from './helpers';

/**
 * Issue 3, "Must show": import a CSV with one bad row → the progress bar completes, the good rows
 * are in, the error report names the bad row and why; re-importing the same file creates no
 * duplicates. Through the real wizard, as an admin of the demo company.
 */
const FIXTURE = path.join(__dirname, '../fixtures/imports/people-one-bad-row.csv');
const GOOD = ['上官婉儿', '慕容复', '任盈盈'];

async function importThroughWizard(page: Page): Promise<void> {
  await page.goto('/imports/new');
  await page.getByTestId('import-entity-person').click();
  await page.getByTestId('import-file').setInputFiles(FIXTURE);
  await page.getByTestId('import-upload').click();

  // Columns: the Chinese headers were matched without help.
  await expect(page.getByTestId('import-mapping')).toBeVisible();
  await expect(page.getByTestId('import-missing-required')).toHaveCount(0);
  await page.getByTestId('import-to-preview').click();

  // Preview: the bad row is flagged before anything is written.
  await expect(page.getByTestId('import-preview-row-4')).toContainText('不是有效的手机号');
  await page.getByTestId('import-start').click();

  // Progress, then the result: the bar reaches 100% when the job is done.
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toHaveAttribute('data-status', 'completed');
}

async function peopleNamed(page: Page, name: string): Promise<number> {
  const res = await trpcQuery(page, 'customers.people.list', { filters: { q: name }, sort: { field: 'name', dir: 'asc' }, columns: [], cursor: null, limit: 50 });
  expect(res.status()).toBe(200);
  const body = await res.json();
  return (body.result.data.json.rows as { name: string }[]).filter((r) => r.name === name).length;
}

test('import a CSV with one bad row: progress completes, good rows are in, the report names the bad row; re-import makes no duplicates', async ({ page }) => {
  await signIn(page, demo('admin'));

  // A progress bar is shown while the job runs (it may already be full when the page looks).
  await importThroughWizard(page);
  await expect(page.getByTestId('import-count-total')).toHaveText('4');
  await expect(page.getByTestId('import-count-failed')).toHaveText('1');
  const created = Number(await page.getByTestId('import-count-created').textContent());
  const updated = Number(await page.getByTestId('import-count-updated').textContent());
  expect(created + updated).toBe(3);

  // The bad row, on screen and in the downloadable report: row 4, the mobile column, and why.
  const problem = page.getByTestId('import-problem-4');
  await expect(problem).toContainText('手机');
  await expect(problem).toContainText('1381111');
  await expect(problem).toContainText('不是有效的手机号（应为 11 位数字）');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('import-report').click();
  const report = await downloading;
  const text = fs.readFileSync((await report.path())!, 'utf8').replace(/^\uFEFF/, '');
  expect(text.split(/\r?\n/)[0]).toBe('行号,列,值,问题');
  expect(text).toContain('4,手机,1381111,不是有效的手机号（应为 11 位数字）');

  // The good rows are in: in the people list, each once.
  for (const name of GOOD) expect(await peopleNamed(page, name)).toBe(1);
  expect(await peopleNamed(page, '令狐冲')).toBe(0);
  await page.getByTestId('import-open-list').click();
  await expect(page).toHaveURL(/\/customers\/people/);
  await page.getByTestId('list-search').fill('上官婉儿');
  await expect(page.getByTestId('list-table')).toContainText('上官婉儿');
  await expect(page.getByTestId('list-count')).toHaveText('共 1 条');

  // The same file again: the mapping is remembered, the rows update, nobody is doubled.
  await importThroughWizard(page);
  await expect(page.getByTestId('import-count-created')).toHaveText('0');
  await expect(page.getByTestId('import-count-updated')).toHaveText('3');
  await expect(page.getByTestId('import-count-failed')).toHaveText('1');
  for (const name of GOOD) expect(await peopleNamed(page, name)).toBe(1);

  // Both imports are in the history.
  await page.goto('/imports');
  await expect(page.getByTestId('import-history')).toContainText('people-one-bad-row.csv');
});

test('the progress bar fills while a larger import runs, and the import can be followed from the history', async ({ page }) => {
  await signIn(page, demo('admin'));
  const rows = ['外部编号,姓名,手机'];
  for (let i = 0; i < 3000; i++) rows.push(`E2E-BULK-${i},批量医生${i},139${String(70000000 + i)}`);
  const file = path.join(test.info().outputDir, 'bulk.csv');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${rows.join('\r\n')}\r\n`);

  await page.goto('/imports/new');
  await page.getByTestId('import-entity-person').click();
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-to-preview').click();
  await expect(page.getByTestId('import-preview-summary')).toBeVisible();
  await page.getByTestId('import-start').click();
  const bar = page.getByTestId('import-progress-bar');
  const result = page.getByTestId('import-result');
  await expect(bar.or(result)).toBeVisible();
  await expect(result).toHaveAttribute('data-status', 'completed', { timeout: 60_000 });
  await expect(page.getByTestId('import-count-total')).toHaveText('3,000');
  await expect(page.getByTestId('import-count-failed')).toHaveText('0');

  await page.goto('/imports');
  const row = page.getByTestId('import-history').getByRole('link', { name: /bulk\.csv/ }).first();
  await expect(row).toContainText('已完成');
  await row.click();
  await expect(page.getByTestId('import-result')).toHaveAttribute('data-status', 'completed');
});
