/**
 * Crash safety (issue 8). Each kind of write — registering a version with a few-MB artifact,
 * promoting a version to production, importing a bundle of thousands of versions — is interrupted
 * again and again, at points drawn from FUZZ_SEED, in turn by closing its tab, by killing the
 * browser (SIGKILL) and by killing every process of it, in a real Chromium profile on disk. After
 * every interruption Chromium starts again on the same profile, and the registry must be whole
 * ("Check registry" finds no problem) and the operation all there or not there at all.
 *
 * Interruptions are anchored on what a person sees — the click dispatched, the progress bar shown,
 * the confirmation or notice — plus, for some, a random delay within the operation's measured time
 * (fault injection). FUZZ_SEED fixes the points and delays; whether an operation had committed
 * when it was cut short depends on the machine, and both outcomes are checked.
 *
 * The session that checks one interruption runs the next operation, so each interruption costs one
 * browser start. Runs once: a persistent profile is about the browser, not about how the app is opened.
 */
import {
	chromium,
	type BrowserContext,
	type LaunchOptions,
	type Locator,
	type Page,
	type TestInfo
} from '@playwright/test';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { compareSemver } from '../../src/lib/registry/semver';
import {
	appAt,
	expect,
	expectRegistryIntact,
	registerThroughForm,
	runTogether,
	test,
	type App
} from './fixtures';
import { FUZZ_SEED, SeededRandom } from './seeded';
import { readStored, tableRows, type Stored } from './stored';

/**
 * Each scenario runs in LANES profiles side by side, each with its own seed stream: a browser start
 * mostly waits, so two lanes take little more time than one.
 */
const LANES = 2;
const REGISTER_INTERRUPTIONS_PER_LANE = 10;
const PROMOTION_INTERRUPTIONS_PER_LANE = 11;
const IMPORT_INTERRUPTIONS_PER_LANE = 5;
/** About a minute each on an idle 2-core machine; room for a machine busy with other work. */
const LONGEST_SCENARIO_MS = 240_000;
test.describe.configure({ timeout: LONGEST_SCENARIO_MS });

const INTERRUPTIONS = [
	// The tab goes, the browser (and its IndexedDB backend) stays: the worker dies mid-operation.
	'close tab',
	// The browser process dies; its helper processes (the storage service among them) notice and exit.
	'kill browser',
	// Everything dies at once, the storage service in the middle of whatever it was writing.
	'kill every process'
] as const;
type Interruption = (typeof INTERRUPTIONS)[number];

/** Round `i` of `lane` is cut short this way: in turn, so every scenario meets every kind. */
const interruptionFor = (lane: number, i: number): Interruption =>
	INTERRUPTIONS[(lane + i) % INTERRUPTIONS.length]!;

/** One scenario's interruptions, counted for the figures in docs/reliability.md. */
class Outcomes {
	readonly #byInterruption = new Map<Interruption, number>();
	#completed = 0;
	#absent = 0;

	record(how: Interruption, completed: boolean): void {
		if (completed) this.#completed++;
		else this.#absent++;
		this.#byInterruption.set(how, (this.#byInterruption.get(how) ?? 0) + 1);
	}

	/** Prints the line the docs quote, and checks that every planned interruption was made and checked. */
	expectAll(planned: number): void {
		const interruptions = this.#completed + this.#absent;
		console.log(
			JSON.stringify({
				interruptions,
				completed: this.#completed,
				absent: this.#absent,
				...Object.fromEntries(this.#byInterruption)
			})
		);
		expect(interruptions).toBe(planned);
		for (const how of INTERRUPTIONS) expect(this.#byInterruption.get(how) ?? 0, how).toBeGreaterThan(0);
	}
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface ProcessInfo {
	pid: number;
	/** The command line, arguments joined by spaces. */
	command: string;
}

function processes(): ProcessInfo[] {
	return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
		.split('\n')
		.flatMap((line) => {
			const match = /^\s*(\d+)\s+(.*)$/.exec(line);
			return match ? [{ pid: Number(match[1]), command: `${match[2]} ` }] : [];
		});
}

function kill(pid: number) {
	try {
		process.kill(pid, 'SIGKILL');
	} catch (error) {
		// A helper listed a moment ago may have ended on its own since.
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}

/**
 * One Chromium profile in a fresh directory of the test's own, started and interrupted again and
 * again. A persistent context has no Browser object, and a page's CDP session may not ask for
 * process ids (SystemInfo.getProcessInfo is for the browser target only), so the processes are found
 * by the --user-data-dir that every Chromium process of this profile is started with.
 */
class Profile {
	#context?: BrowserContext;
	#page?: Page;
	/** Called when the page reports its next click (see launch()). */
	#onClick?: () => void;
	/** This profile's processes, listed ahead of an interruption so that the kill loses no time. */
	#listed?: ProcessInfo[];

	readonly app: App;

	private constructor(
		readonly dir: string,
		private readonly options: LaunchOptions,
		baseURL: string
	) {
		this.app = appAt(baseURL, () => this.page);
	}

	static async create(testInfo: TestInfo, baseURL: string | undefined, lane: number): Promise<Profile> {
		const dir = testInfo.outputPath(`profile-${lane}`);
		await mkdir(dir, { recursive: true });
		// The same Chromium and switches as every other test (playwright.config.ts).
		return new Profile(dir, { ...testInfo.project.use.launchOptions }, baseURL ?? '');
	}

	get page(): Page {
		if (!this.#page) throw new Error('The browser is not running.');
		return this.#page;
	}

	async launch(): Promise<Page> {
		const context = await chromium.launchPersistentContext(this.dir, {
			...this.options,
			acceptDownloads: true
		});
		// Test instrumentation, not the app's: the page reports the moment it dispatches a click, so
		// that an interruption can land inside the short write the click starts.
		await context.exposeBinding('reportClick', () => {
			this.#onClick?.();
			this.#onClick = undefined;
		});
		await context.addInitScript(() =>
			document.addEventListener('click', () => (window as unknown as { reportClick(): void }).reportClick(), {
				capture: true
			})
		);
		this.#context = context;
		this.#page = context.pages()[0] ?? (await context.newPage());
		return this.#page;
	}

	/**
	 * Clicks `button` and returns as soon as the page has dispatched the click. Playwright's click()
	 * returns only once the page has settled, and by then a short write has long committed.
	 * `returned` settles when click() returns, or when it fails because the page is gone.
	 */
	async clickNow(button: Locator): Promise<{ returned: Promise<void> }> {
		const page = this.page;
		this.#listed = this.#processes();
		const dispatched = new Promise<void>((resolve) => (this.#onClick = resolve));
		const returned = button.click().catch((error: unknown) => {
			if (!page.isClosed()) throw error;
		});
		await Promise.race([dispatched, returned.then(() => dispatched)]);
		return { returned };
	}

	async interrupt(how: Interruption): Promise<void> {
		const [context, page] = [this.#context, this.#page];
		if (!context || !page) throw new Error('The browser is not running.');
		this.#context = this.#page = undefined;
		if (how === 'close tab') {
			this.#listed = undefined;
			await page.close({ runBeforeUnload: false });
			await context.close();
			return;
		}
		const closed = new Promise((resolve) => context.once('close', resolve));
		const mine = this.#listed ?? this.#processes();
		this.#listed = undefined;
		// Chromium's helpers (zygotes, renderers, the storage and network services) carry --type=.
		const browser = mine.filter((p) => !p.command.includes(' --type='));
		expect(browser, 'one browser process').toHaveLength(1);
		for (const { pid } of how === 'kill browser' ? browser : mine) kill(pid);
		await closed;
		// Starting again while an orphaned storage process still holds the database would test nothing.
		await expect.poll(() => this.#processes().length, { timeout: 15_000 }).toBe(0);
	}

	/**
	 * Interrupts the browser, waits for the interrupted call to return, starts it again on the same
	 * profile and returns what the registry holds once Check registry has found it whole.
	 */
	async restartAfter(how: Interruption, returned: Promise<void>): Promise<Stored> {
		await this.interrupt(how);
		await returned;
		const page = await this.launch();
		await expectRegistryIntact(this.app, page);
		return readStored(page);
	}

	async close(): Promise<void> {
		await this.#context?.close();
		this.#context = this.#page = undefined;
	}

	async remove(): Promise<void> {
		await this.close();
		await rm(this.dir, { recursive: true, force: true });
	}

	#processes(): ProcessInfo[] {
		return processes().filter((p) => p.command.includes(` --user-data-dir=${this.dir} `));
	}
}

/** The model list as a person sees it: name, latest, production and version count of each model. */
async function expectModelList(
	app: App,
	page: Page,
	models: Array<{ name: string; latest: string; production?: string; versions: number }>
) {
	await app.open('/', page);
	if (models.length === 0) {
		await expect(page.getByRole('heading', { name: 'Your registry is empty' })).toBeVisible();
		return;
	}
	const sorted = [...models].sort((a, b) => (a.name < b.name ? -1 : 1));
	await expect(page.getByRole('rowheader')).toHaveText(sorted.map((m) => m.name));
	expect((await tableRows(page.getByRole('table'))).map((cells) => cells.slice(0, 4))).toEqual(
		sorted.map((m) => [m.name, m.latest, m.production ?? 'none', m.versions.toLocaleString('en')])
	);
}

/**
 * Runs one scenario in every lane at once, each with a profile of its own, and fails with the first
 * lane's failure. A failing lane stops the others at their next round; a lane that ends well removes
 * its profile, one that fails leaves it for a look.
 */
async function inLanes(
	testInfo: TestInfo,
	baseURL: string | undefined,
	run: (profile: Profile, lane: number, stopped: () => boolean) => Promise<void>
): Promise<void> {
	await runTogether(LANES, async (lane, stopped) => {
		const profile = await Profile.create(testInfo, baseURL, lane);
		try {
			await run(profile, lane, stopped);
		} catch (error) {
			await profile.close();
			throw error;
		}
		await profile.remove();
	});
}

test('registering a version with an artifact is all there or not at all, however it is interrupted', async ({
	baseURL
}, testInfo) => {
	type Point = 'file chosen' | 'clicked' | 'hashing or storing' | 'registered';
	const POINTS: ReadonlyArray<readonly [Point, number]> = [
		['file chosen', 1],
		['clicked', 3],
		['hashing or storing', 6],
		['registered', 1]
	];

	const outcomes = new Outcomes();
	await inLanes(testInfo, baseURL, async (profile, lane, stopped) => {
		const random = new SeededRandom(FUZZ_SEED, `crash: register ${lane}`);
		const { app } = profile;
		// model → version → its artifact, for every registration that is kept.
		const kept = new Map<string, Map<string, { sha256: string; size: number }>>();
		const base = new Uint8Array(6 << 20).map(() => random.int(0, 255));
		/** How long one registration takes on this machine, from the click to the version's page. */
		let duration = 0;

		let page = await profile.launch();
		for (let i = 0; i < REGISTER_INTERRUPTIONS_PER_LANE && !stopped(); i++) {
			// The first registration runs to the end (and is then interrupted): it measures the window.
			const point = i === 0 ? 'registered' : random.weighted(POINTS);
			const how = interruptionFor(lane, i);
			const name = random.chance(0.4) ? `model-${i}` : 'weights';
			const version = `1.${i}.0`;
			const filename = `weights-${lane}-${i}.bin`;
			const bytes = base.slice(0, random.int(2 << 20, 6 << 20));
			new DataView(bytes.buffer).setUint32(0, i); // other bytes, so another artifact, every time
			const hash = sha256(bytes);
			const file = testInfo.outputPath(filename);
			await writeFile(file, bytes);
			const isNewModel = !kept.has(name);
			const versionPage = (on: Page) => on.getByRole('heading', { level: 1, name: `${name}:${version}` });

			await app.open('/register', page);
			await page.getByLabel('Model name').fill(name);
			await page.getByLabel('Version', { exact: true }).fill(version);
			await page.getByLabel('Artifact file').setInputFiles(file);
			await expect(page.getByText(filename)).toBeVisible();
			let returned = Promise.resolve();
			if (point !== 'file chosen') {
				({ returned } = await profile.clickNow(page.getByRole('button', { name: 'Register version' })));
				const clicked = Date.now();
				// 'clicked': the interruption follows the click at once, before any hashing.
				if (point === 'hashing or storing') {
					// A small file may be hashed between two polls of the progress bar; the page that
					// follows is the other sign that the registration started.
					const progress = page.getByRole('progressbar', { name: 'Hashing and storing the artifact' });
					await expect(progress.or(versionPage(page)).first()).toBeVisible();
					// Fault injection: a random moment within one registration's time.
					await sleep(Math.round(random.next() * duration));
				} else if (point === 'registered') {
					await expect(versionPage(page)).toBeVisible();
					if (i === 0) duration = Date.now() - clicked;
				}
			}
			const stored = await profile.restartAfter(how, returned);
			page = profile.page;
			const found = stored.versions.find((v) => v.model === name && v.version === version);
			if (point === 'file chosen') expect(found, 'nothing was submitted').toBeUndefined();
			if (point === 'registered') expect(found, 'the registration was confirmed on screen').toBeDefined();
			await app.open(`/models/${name}/versions/${version}`, page);
			if (found) {
				expect(found).toMatchObject({ sha256: hash, size: bytes.length });
				kept.set(name, (kept.get(name) ?? new Map()).set(version, { sha256: hash, size: bytes.length }));
				await expect(versionPage(page)).toBeVisible();
				const download = page.waitForEvent('download');
				await page.getByRole('button', { name: `Download ${filename}` }).click();
				const downloaded = await readFile(await (await download).path());
				expect(downloaded.length).toBe(bytes.length);
				expect(sha256(downloaded)).toBe(hash);
			} else {
				await expect(page.getByText(`Version ${version} of ${name} does not exist.`)).toBeVisible();
				expect(stored.artifacts.map((a) => a.sha256)).not.toContain(hash);
				if (isNewModel) expect(stored.models.map((m) => m.name)).not.toContain(name);
			}
			outcomes.record(how, found !== undefined);

			// The whole registry is what the outcomes so far say: nothing else came, nothing earlier went.
			const key = (v: { model: string; version: string }) => `${v.model}:${v.version}`;
			const byKey = (a: { model: string; version: string }, b: { model: string; version: string }) =>
				key(a) < key(b) ? -1 : 1;
			const expected = [...kept].flatMap(([model, versions]) =>
				[...versions].map(([v, artifact]) => ({ model, version: v, stage: 'development', ...artifact }))
			);
			expect(stored.versions.sort(byKey)).toEqual(expected.sort(byKey));
			expect(stored.artifacts.map((a) => a.sha256).sort()).toEqual(expected.map((v) => v.sha256).sort());
			await expectModelList(
				app,
				page,
				[...kept].map(([model, versions]) => ({
					name: model,
					latest: [...versions.keys()].sort(compareSemver).at(-1)!,
					versions: versions.size
				}))
			);
		}
	});
	outcomes.expectAll(LANES * REGISTER_INTERRUPTIONS_PER_LANE);
});

test('promoting to production moves production or changes nothing, however it is interrupted', async ({
	baseURL
}, testInfo) => {
	type Point = 'asked' | 'confirmed' | 'confirmed, a moment later' | 'moved';
	const POINTS: ReadonlyArray<readonly [Point, number]> = [
		['asked', 1],
		['confirmed', 4],
		['confirmed, a moment later', 4],
		['moved', 1]
	];
	const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '2.1.0', '3.0.0'];

	const outcomes = new Outcomes();
	await inLanes(testInfo, baseURL, async (profile, lane, stopped) => {
		const random = new SeededRandom(FUZZ_SEED, `crash: promote ${lane}`);
		const { app } = profile;
		let stages: Record<string, string> = Object.fromEntries(VERSIONS.map((v) => [v, 'development']));
		/** How long one promotion takes on this machine, from the confirmation to the notice. */
		let duration = 0;

		let page = await profile.launch();
		await app.open('/', page);
		for (const version of VERSIONS) await registerThroughForm(page, { name: 'promo', version });
		// A bystander: no interruption of promo's promotions may touch it.
		await registerThroughForm(page, { name: 'bystander', version: '1.0.0' });

		for (let i = 0; i < PROMOTION_INTERRUPTIONS_PER_LANE && !stopped(); i++) {
			const point = i === 0 ? 'moved' : random.weighted(POINTS);
			const how = interruptionFor(lane, i);
			const target = random.pick(VERSIONS.filter((v) => stages[v] !== 'production'));
			const current = VERSIONS.find((v) => stages[v] === 'production');
			const moved = { ...stages, [target]: 'production', ...(current && { [current]: 'archived' }) };

			await app.open(`/models/promo/versions/${target}`, page);
			await page.getByLabel('Move to stage').selectOption('production');
			await page.getByRole('button', { name: 'Move', exact: true }).click();
			const dialog = page.getByRole('dialog', { name: `Promote ${target} to production?` });
			await expect(dialog).toContainText(
				current
					? `promo:${current} is in production now. It will be moved to archived.`
					: 'No version of promo is in production now.'
			);
			let returned = Promise.resolve();
			if (point !== 'asked') {
				({ returned } = await profile.clickNow(
					dialog.getByRole('button', { name: 'Promote to production' })
				));
				const confirmed = Date.now();
				// 'confirmed': the interruption follows the confirmation at once.
				// Fault injection: a random moment within one promotion's time.
				if (point === 'confirmed, a moment later') await sleep(Math.round(random.next() * duration));
				if (point === 'moved') {
					await expect(page.getByText(`Moved promo:${target} to production.`)).toBeVisible();
					if (i === 0) duration = Date.now() - confirmed;
				}
			}
			const stored = await profile.restartAfter(how, returned);
			page = profile.page;
			const after = Object.fromEntries(
				stored.versions.filter((v) => v.model === 'promo').map((v) => [v.version, v.stage])
			);
			if (point === 'asked') expect(after, 'nothing was confirmed').toEqual(stages);
			else if (point === 'moved') expect(after, 'the promotion was confirmed on screen').toEqual(moved);
			else expect([stages, moved], 'moved, or left as it was').toContainEqual(after);
			const production = VERSIONS.find((v) => after[v] === 'production');
			expect(stored.models.find((m) => m.name === 'promo')?.productionVersion).toBe(production);
			expect(stored.versions.find((v) => v.model === 'bystander')?.stage).toBe('development');

			// What the model's page shows.
			await app.open('/models/promo', page);
			const table = page.getByRole('table', { name: 'Versions' });
			await expect(table.getByRole('rowheader')).toHaveCount(VERSIONS.length);
			const shown = (await tableRows(table)).map(([, version, stage]) => [version!.split(/\s/)[0], stage]);
			expect(Object.fromEntries(shown)).toEqual(after);
			await expect(page.getByText(/^\s*Production:/)).toContainText(production ?? 'no version in production');
			outcomes.record(how, after[target] === 'production');
			stages = after;
		}
	});
	outcomes.expectAll(LANES * PROMOTION_INTERRUPTIONS_PER_LANE);
});

/**
 * A bundle in the app's format (docs/bundle-format.md), written with the zip library the app uses:
 * BULK_MODELS models of BULK_VERSIONS versions each, with metrics, parameters, tags, a staging and a
 * production version and an alias, and artifacts of 512 KiB shared by some versions.
 */
const BULK_MODELS = 3;
const BULK_VERSIONS = 800;
const BULK_ARTIFACTS = 12;

async function writeBulkBundle(path: string) {
	const artifacts = Array.from({ length: BULK_ARTIFACTS }, (_, a) => {
		const bytes = new Uint8Array(512 << 10).map((_, i) => (i * 31 + a * 7 + (i >> 9)) & 255);
		return { bytes, sha256: sha256(bytes) };
	});
	const at = '2026-01-15T09:30:00.000Z';
	const versionOf = (v: number) => `${Math.floor(v / 100)}.${v % 100}.0`;
	const models = Array.from({ length: BULK_MODELS }, (_, m) => ({
		name: `bulk-${m}`,
		description: 'Imported in bulk.',
		tags: { source: 'crash-test' },
		createdAt: at,
		aliases: { champion: versionOf(BULK_VERSIONS - 1) },
		versions: Array.from({ length: BULK_VERSIONS }, (_, v) => {
			const artifact = v % 200 === 0 ? artifacts[(m * 4 + v / 200) % BULK_ARTIFACTS]! : undefined;
			return {
				version: versionOf(v),
				stage: v === BULK_VERSIONS - 1 ? 'production' : v === BULK_VERSIONS - 2 ? 'staging' : 'development',
				framework: 'pytorch',
				metrics: { accuracy: (v % 97) / 100, custom: { val_loss: (v % 13) / 10 } },
				parameters: { learning_rate: 0.001 * (v % 7), layers: [64, 32] },
				tags: { batch: String(v % 5) },
				description: `Version ${v} of a bulk import.`,
				...(artifact && {
					artifact: {
						sha256: artifact.sha256,
						size: artifact.bytes.length,
						mediaType: 'application/octet-stream',
						filename: 'weights.bin'
					}
				}),
				createdAt: at
			};
		})
	}));
	const manifest = {
		format: 'model-registry-bundle',
		formatVersion: 1,
		exportedAt: at,
		generator: 'crash.once.test.ts',
		models
	};
	const out = new BlobWriter('application/zip');
	const zip = new ZipWriter(out, { zip64: true, level: 0 });
	await zip.add('manifest.json', new TextReader(JSON.stringify(manifest)), { level: 6 });
	for (const { bytes, sha256: hash } of artifacts)
		await zip.add(`artifacts/${hash}`, new Uint8ArrayReader(bytes), { level: 0 });
	await zip.close();
	const blob = await out.getData();
	await writeFile(path, new Uint8Array(await blob.arrayBuffer()));
	return {
		path,
		models: models.map((m) => ({
			name: m.name,
			latest: versionOf(BULK_VERSIONS - 1),
			production: versionOf(BULK_VERSIONS - 1),
			versions: BULK_VERSIONS
		})),
		artifacts: artifacts.map((a) => a.sha256).sort(),
		bytes: blob.size
	};
}

test('importing a bundle of thousands of versions adds all of them or none, however it is interrupted', async ({
	baseURL
}, testInfo) => {
	const bundle = await writeBulkBundle(testInfo.outputPath('bulk.zip'));
	expect(bundle.bytes).toBeGreaterThan(5 << 20);
	const total = BULK_MODELS * BULK_VERSIONS;
	type Point = 'clicked' | 'checking or applying' | 'imported';
	const POINTS: ReadonlyArray<readonly [Point, number]> = [
		['clicked', 2],
		['checking or applying', 7],
		['imported', 1]
	];

	const outcomes = new Outcomes();
	await inLanes(testInfo, baseURL, async (profile, lane, stopped) => {
		const random = new SeededRandom(FUZZ_SEED, `crash: import ${lane}`);
		const { app } = profile;
		/** How long one import takes on this machine, from the click to the notice. */
		let duration = 0;

		let page = await profile.launch();
		for (let i = 0; i < IMPORT_INTERRUPTIONS_PER_LANE && !stopped(); i++) {
			const point = i === 0 ? 'imported' : random.weighted(POINTS);
			const how = interruptionFor(lane, i);

			await app.open('/transfer', page);
			await page.getByLabel('Bundle file').setInputFiles(bundle.path);
			await expect(
				page.getByText(`${BULK_MODELS} new models, ${total} new versions, 0 already here, 0 in conflict.`)
			).toBeVisible({ timeout: 30_000 });
			const { returned } = await profile.clickNow(page.getByRole('button', { name: 'Import', exact: true }));
			const clicked = Date.now();
			// 'clicked': the interruption follows the click at once.
			const done = page.getByText(
				`Imported ${BULK_MODELS} models: ${total} versions added, 0 replaced, 0 kept as they were.`
			);
			if (point === 'checking or applying') {
				const progress = page.getByRole('progressbar', { name: 'Checking artifacts and importing' });
				await expect(progress.or(done).first()).toBeVisible();
				// Fault injection: a random moment within one import's time.
				await sleep(Math.round(random.next() * duration));
			} else if (point === 'imported') {
				await expect(done).toBeVisible({ timeout: 30_000 });
				if (i === 0) duration = Date.now() - clicked;
			}
			const stored = await profile.restartAfter(how, returned);
			page = profile.page;
			const imported = stored.versions.length;
			if (point === 'imported') expect(imported, 'the import was confirmed on screen').toBe(total);
			else expect([0, total], 'every version of the bundle, or none').toContain(imported);
			if (imported === total) {
				expect(
					stored.models.map(({ name, latestVersion, productionVersion, versionCount }) => ({
						name,
						latest: latestVersion,
						production: productionVersion,
						versions: versionCount
					}))
				).toEqual(bundle.models);
				expect(stored.artifacts.map((a) => a.sha256).sort()).toEqual(bundle.artifacts);
				await expectModelList(app, page, bundle.models);
				// Start the next round from an empty registry again, as a person would.
				await app.open('/settings', page);
				await page.getByRole('button', { name: 'Wipe everything' }).click();
				await page
					.getByRole('dialog', { name: 'Wipe the whole registry?' })
					.getByRole('button', { name: 'Wipe everything' })
					.click();
				await expect(page.getByText('The registry is empty now.')).toBeVisible();
			} else {
				expect(stored).toEqual({ models: [], versions: [], artifacts: [], events: [] });
				await expectModelList(app, page, []);
			}
			outcomes.record(how, imported === total);
		}
	});
	outcomes.expectAll(LANES * IMPORT_INTERRUPTIONS_PER_LANE);
});
