/** Chart colours from the page's CSS variables, refreshed when the system switches light/dark. */
export interface ChartPalette {
	text: string;
	muted: string;
	grid: string;
	surface: string;
	stages: Record<'development' | 'staging' | 'production' | 'archived', string>;
	series: string[];
}

const SERIES_LIGHT = ['#2458c6', '#c2410c', '#0f766e', '#9333ea', '#b91c1c', '#4d7c0f', '#be185d', '#0369a1'];
const SERIES_DARK = ['#7aa5ff', '#fb923c', '#2dd4bf', '#c084fc', '#f87171', '#a3e635', '#f472b6', '#38bdf8'];

function read(): ChartPalette {
	const style = getComputedStyle(document.documentElement);
	const css = (name: string) => style.getPropertyValue(name).trim();
	const dark = matchMedia('(prefers-color-scheme: dark)').matches;
	return {
		text: css('--text'),
		muted: css('--muted'),
		grid: css('--border'),
		surface: css('--surface'),
		stages: {
			development: css('--stage-development'),
			staging: css('--stage-staging'),
			production: css('--stage-production'),
			archived: css('--stage-archived')
		},
		series: dark ? SERIES_DARK : SERIES_LIGHT
	};
}

class ChartTheme {
	// Read once up front: reading it lazily would write state while a chart derives its data.
	#palette = $state.raw<ChartPalette>(read());

	constructor() {
		matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => (this.#palette = read()));
	}

	get palette(): ChartPalette {
		return this.#palette;
	}
}

export const chartTheme = new ChartTheme();
