import { chromium } from '@playwright/test';
const base = process.env.BASE ?? 'http://127.0.0.1:3000';
const [email, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: Number(process.env.W ?? 1280), height: Number(process.env.H ?? 800) } });
const page = await ctx.newPage();
page.on('console', m => { if (m.type() === 'error') console.log('console error:', m.text()); });
page.on('response', r => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()); });
await page.goto(base + '/signin');
await page.screenshot({ path: '/tmp/shots/signin.png' });
if (email) {
  await page.fill('[data-testid=signin-email]', email);
  await page.fill('[data-testid=signin-password]', 'rapport-demo');
  await page.click('[data-testid=signin-submit]');
  await page.waitForSelector('[data-testid=user-menu]', { timeout: 15000 });
  for (const p of paths) {
    const r = await page.goto(base + p);
    await page.waitForTimeout(500);
    const name = (p.replace(/\W+/g, '_') || 'root');
    await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
    console.log(p, r?.status());
  }
}
await browser.close();
