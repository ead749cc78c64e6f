import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer, DEFAULT_DEMO_PORT } from './serve-demo';
import { REPO_ROOT } from './launch-extension';
import { launchRevealed } from './closed-shadow';

/**
 * The README demo: the built extension in Chromium on the bundled demo EMR pages, demo rules loaded.
 * With a display (DISPLAY set, or --headed) the browser stays open for you to type into the pages.
 * Without one it runs headless, walks through a short scenario and saves screenshots.
 */
const headed = process.argv.includes('--headed') || (!!process.env.DISPLAY && !process.argv.includes('--headless'));
const PAGES = ['outpatient.html', 'inpatient.html', 'fhir-order.html', 'legacy-his.html', 'herbal.html'] as const;

async function main(): Promise<void> {
  const server = await startDemoServer(Number(process.env.PREFLIGHT_DEMO_PORT ?? DEFAULT_DEMO_PORT)).catch(() => startDemoServer(0));
  console.log(`demo EMR pages: ${server.url}/index.html`);
  const context = await launchRevealed({ headless: !headed, viewport: headed ? null : undefined });
  const pages = [];
  for (const name of PAGES) {
    const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
    await page.goto(`${server.url}/${name}`);
    pages.push(page);
  }
  if (headed) {
    console.log('Chromium is open with Preflight loaded. Type into the order tables; close the browser to stop.');
    await new Promise<void>((resolve) => context.on('close', () => resolve()));
  } else {
    const outDir = path.join(REPO_ROOT, 'artifacts', 'demo');
    mkdirSync(outDir, { recursive: true });
    const { runScenario } = await import('./demo-scenario');
    for (const line of await runScenario(pages, outDir)) console.log(line);
    await context.close();
  }
  await server.close();
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
