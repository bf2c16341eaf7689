/**
 * The installed-app side of the app: the service worker (http(s) only: file:// has none), the
 * "new version available" prompt, and the browser's install prompt.
 */
import { attempt } from './attempt';

interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * Chromium fetches a web manifest in CORS mode, which file:// refuses with an error in the console on every
 * load; only a served app can be installed anyway. So the page links it only when served over http(s).
 */
function linkManifest() {
	if (document.querySelector('link[rel="manifest"]')) return;
	const link = document.createElement('link');
	link.rel = 'manifest';
	link.href = './manifest.webmanifest';
	document.head.append(link);
}

class Pwa {
	updateAvailable = $state(false);
	canInstall = $state(false);
	/** Settings → Check for updates is asking the server. */
	checking = $state(false);
	readonly servedOverHttp = typeof location !== 'undefined' && /^https?:$/.test(location.protocol);
	#registration: ServiceWorkerRegistration | undefined;
	#installPrompt: InstallPromptEvent | undefined;
	#started = false;

	start() {
		if (this.#started) return;
		this.#started = true;
		addEventListener('beforeinstallprompt', (event) => {
			event.preventDefault();
			this.#installPrompt = event as InstallPromptEvent;
			this.canInstall = true;
		});
		addEventListener('appinstalled', () => (this.canInstall = false));
		if (this.servedOverHttp) linkManifest();
		if (this.servedOverHttp && 'serviceWorker' in navigator)
			// Without a service worker the app still works; it just does not work offline.
			this.#register().catch((error: unknown) => console.warn('Offline use is unavailable:', error));
	}

	async #register() {
		// Relative to the page, so the app works under any base path.
		const registration = await navigator.serviceWorker.register('./service-worker.js');
		this.#registration = registration;
		const hasController = () => !!navigator.serviceWorker.controller;
		const watch = (worker: ServiceWorker | null) =>
			worker?.addEventListener('statechange', () => {
				if (worker.state === 'installed' && hasController()) this.updateAvailable = true;
			});
		if (registration.waiting && hasController()) this.updateAvailable = true;
		watch(registration.installing);
		registration.addEventListener('updatefound', () => watch(registration.installing));
		let reloading = false;
		navigator.serviceWorker.addEventListener('controllerchange', () => {
			if (this.updateAvailable && !reloading) {
				reloading = true;
				location.reload();
			}
		});
		document.addEventListener('visibilitychange', () => {
			// Offline, the update check fails; the next visible moment tries again.
			if (document.visibilityState === 'visible') registration.update().catch(() => undefined);
		});
	}

	/** Asks the server for a new version; says so when there is none (one that is found prompts itself). */
	async checkForUpdate(): Promise<void> {
		this.checking = true;
		await attempt(() => this.#updateFound(), {
			success: (found) => (found ? undefined : 'You have the latest version.')
		});
		this.checking = false;
	}

	/** True if a new version is being installed or waits. */
	async #updateFound(): Promise<boolean> {
		const registration = this.#registration;
		if (!registration) return false;
		await registration.update();
		return !!(registration.installing || registration.waiting);
	}

	/** Lets the waiting version take over; the page reloads when it has. */
	applyUpdate() {
		const waiting = this.#registration?.waiting;
		if (waiting) waiting.postMessage('skip-waiting');
		else location.reload();
	}

	async install() {
		const prompt = this.#installPrompt;
		if (!prompt) return;
		await prompt.prompt();
		if ((await prompt.userChoice).outcome === 'accepted') this.canInstall = false;
		this.#installPrompt = undefined;
	}
}

export const pwa = new Pwa();
