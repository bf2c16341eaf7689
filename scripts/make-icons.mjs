// Renders the app icons (static/icons/*.png) from static/favicon.svg in Chromium.
// Run after changing the icon: node scripts/make-icons.mjs
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const executablePath = execFileSync('bash', ['scripts/ensure-chromium.sh'], { encoding: 'utf8' }).trim();
const svg = readFileSync('static/favicon.svg', 'utf8');
mkdirSync('static/icons', { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const page = await browser.newPage();
// A maskable icon keeps its drawing inside the middle 80%, on a background that fills the square.
const icons = [
	{ file: 'icon-192.png', size: 192, inset: 0, background: 'transparent' },
	{ file: 'icon-512.png', size: 512, inset: 0, background: 'transparent' },
	{ file: 'icon-maskable-512.png', size: 512, inset: 0.12, background: '#2458c6' }
];
for (const { file, size, inset, background } of icons) {
	await page.setViewportSize({ width: size, height: size });
	const pad = Math.round(size * inset);
	await page.setContent(
		`<body style="margin:0;background:${background}"><div style="padding:${pad}px;width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`
	);
	await page.screenshot({ path: `static/icons/${file}`, omitBackground: background === 'transparent' });
}
await browser.close();
