import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';

// Only what our charts use, so the single-file build stays small.
Chart.register(
	LineController,
	LineElement,
	PointElement,
	BarController,
	BarElement,
	LinearScale,
	CategoryScale,
	Tooltip,
	Legend
);

// No animation: a chart of measurements should show the values, not move towards them, and each animated
// frame redraws every point on the main thread (most of the model page's blocking time on a phone).
Chart.defaults.animation = false;

export { Chart };
