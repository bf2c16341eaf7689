// Peak memory while work runs in a page, sampled every 100 ms: the JS heap of the page and of its
// workers (through the DevTools protocol), and the memory of every Chromium process (from /proc) —
// where Blob bytes, IndexedDB's buffers and everything outside the JS heaps live.
import { readdirSync, readFileSync } from 'node:fs';

const MIB = 2 ** 20;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Playwright opens no DevTools session to a worker (microsoft/playwright#22992), so the page's session
 * attaches to its workers itself, in the non-flat mode, and asks each one through
 * Target.sendMessageToTarget (deprecated, but Chromium 156 still answers it). Returns a function that
 * resolves to the sum of the workers' used heaps; a worker that does not answer within a second counts
 * with its last answer.
 */
async function workerHeaps(cdp) {
	const last = new Map(); // sessionId → used bytes
	const waiting = new Map(); // message id → resolve
	let nextId = 1;
	cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
		if (targetInfo.type === 'worker') last.set(sessionId, 0);
	});
	cdp.on('Target.detachedFromTarget', ({ sessionId }) => last.delete(sessionId));
	cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
		const { id, result } = JSON.parse(message);
		waiting.get(id)?.(result);
	});
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

	const ask = (sessionId) =>
		new Promise((resolve) => {
			const id = nextId++;
			const answer = (result) => {
				clearTimeout(timer);
				waiting.delete(id);
				if (result && last.has(sessionId)) last.set(sessionId, result.usedSize);
				resolve();
			};
			const timer = setTimeout(answer, 1000);
			waiting.set(id, answer);
			const message = JSON.stringify({ id, method: 'Runtime.getHeapUsage' });
			cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => answer());
		});
	return async () => {
		await Promise.all([...last.keys()].map(ask));
		return [...last.values()].reduce((sum, used) => sum + used, 0);
	};
}

/**
 * Proportional set size (shared pages split between the processes sharing them, so nothing counts twice)
 * of the Chromium started with `profileDir` and all its child processes, in bytes; 0 without /proc.
 */
function chromiumPss(profileDir) {
	const flag = `--user-data-dir=${profileDir}`;
	const children = new Map(); // pid → child pids
	const started = [];
	let pids;
	try {
		pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return 0; // not Linux
	}
	for (const pid of pids) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
			children.set(ppid, [...(children.get(ppid) ?? []), pid]);
			// Chromium rewrites its children's command lines into one space-separated string.
			if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).includes(flag)) started.push(pid);
		} catch {
			// The process ended while we looked.
		}
	}
	const tree = new Set();
	const visit = (pid) => {
		if (tree.has(pid)) return;
		tree.add(pid);
		for (const child of children.get(pid) ?? []) visit(child);
	};
	started.forEach(visit);
	let bytes = 0;
	for (const pid of tree) {
		try {
			bytes +=
				Number(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
		} catch {
			// The process ended while we looked.
		}
	}
	return bytes;
}

/**
 * Starts sampling. `during(work)` runs `work` and returns its result with `peak`: the highest page heap,
 * workers' heap (their sum) and Chromium memory seen while it ran, in MiB. `stop()` ends the sampling.
 */
export async function memorySampler(context, page, profileDir) {
	const cdp = await context.newCDPSession(page);
	const workers = await workerHeaps(cdp);
	let peak = { pageHeap: 0, workerHeap: 0, chromium: 0 };
	let step = 0; // a sample that was taken before `during` started counts for no step
	const sample = async () => {
		const taken = step;
		const [pageHeap, workerHeap] = await Promise.all([cdp.send('Runtime.getHeapUsage'), workers()]);
		if (taken !== step) return;
		peak = {
			pageHeap: Math.max(peak.pageHeap, pageHeap.usedSize),
			workerHeap: Math.max(peak.workerHeap, workerHeap),
			chromium: Math.max(peak.chromium, chromiumPss(profileDir))
		};
	};
	let sampling = true;
	const loop = (async () => {
		while (sampling) await Promise.all([sample().catch(() => undefined), sleep(100)]);
	})();
	const inMiB = (bytes) => Math.round(bytes / MIB);
	return {
		async during(work) {
			step++;
			peak = { pageHeap: 0, workerHeap: 0, chromium: 0 };
			await sample();
			const result = await work();
			await sample();
			return {
				...result,
				peak: {
					pageHeapMiB: inMiB(peak.pageHeap),
					workerHeapMiB: inMiB(peak.workerHeap),
					chromiumMiB: inMiB(peak.chromium)
				}
			};
		},
		async stop() {
			sampling = false;
			await loop;
			await cdp.detach();
		}
	};
}

/**
 * What the page's workers hold: `measure()` has each collect its garbage, then answers the sum of their
 * used heaps in MiB (for a worker's memory held between calls, not its peak). `stop()` detaches.
 * Attaches the same way as `workerHeaps`, as Playwright opens no session to a worker.
 */
export async function workerHeapAfterGc(context, page) {
	const cdp = await context.newCDPSession(page);
	const sessions = new Set();
	const waiting = new Map(); // message id → resolve
	let nextId = 1;
	cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
		if (targetInfo.type === 'worker') sessions.add(sessionId);
	});
	cdp.on('Target.detachedFromTarget', ({ sessionId }) => sessions.delete(sessionId));
	cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
		const { id, result } = JSON.parse(message);
		waiting.get(id)?.(result);
	});
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	const call = (sessionId, method) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			const timer = setTimeout(() => reject(new Error(`no answer to ${method} from a worker`)), 60_000);
			waiting.set(id, (result) => {
				clearTimeout(timer);
				waiting.delete(id);
				resolve(result);
			});
			cdp
				.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
				.catch(reject);
		});
	return {
		async measure() {
			const used = await Promise.all(
				[...sessions].map(async (sessionId) => {
					await call(sessionId, 'HeapProfiler.collectGarbage');
					return (await call(sessionId, 'Runtime.getHeapUsage')).usedSize;
				})
			);
			return Math.round(used.reduce((sum, bytes) => sum + bytes, 0) / MIB);
		},
		/**
		 * Runs `work` while measuring every `everyMs`, and returns its result with `peakHeldMiB`, the most
		 * the workers held after a collection. Each collection pauses the worker, so seldom.
		 */
		async peakDuring(work, everyMs = 10_000) {
			let peakHeldMiB = 0;
			let working = true;
			const loop = (async () => {
				while (working) {
					await sleep(everyMs);
					if (working) peakHeldMiB = Math.max(peakHeldMiB, await this.measure().catch(() => 0));
				}
			})();
			try {
				return { ...(await work()), peakHeldMiB };
			} finally {
				working = false;
				await loop;
			}
		},
		stop: () => cdp.detach()
	};
}
