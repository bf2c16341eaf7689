/**
 * A bundle's models as `SnapshotPart`s: the records of a model, in the order they come,
 * cut into parts of at most a given number of versions and events, so that neither the reader nor
 * the importer ever holds a model of a million versions whole.
 */
import {
	isRegistryEventKind,
	RegistryError,
	type ModelSnapshot,
	type ModelVersion,
	type SnapshotPart
} from '../registry';
import type { BundleEvent, BundleModelFields, BundleVersion } from './format';

/** Versions and events in one part: big enough that parts are few, small enough to hold without thought. */
export const DEFAULT_PART_SIZE = 1_000;

type SnapshotEvent = ModelSnapshot['history'][number];

/** A version of the bundle as the registry keeps it: with its model's name. */
export function snapshotVersion(modelName: string, version: BundleVersion): ModelVersion {
	return { modelName, fullName: `${modelName}:${version.version}`, ...version };
}

/**
 * An event with a kind the registry does not record itself (another tool's, or a newer app's) is
 * kept as an `external` event with its kind beside it, so the history's kinds stay a closed set and
 * an export gives the event back as it came.
 */
export function snapshotEvent({ kind, ...event }: BundleEvent): SnapshotEvent {
	return kind !== 'external' && isRegistryEventKind(kind)
		? { ...event, kind }
		: { ...event, kind: 'external', externalKind: kind };
}

export function checkPartSize(size: number): number {
	if (!Number.isSafeInteger(size) || size < 1) {
		throw new RangeError(`A part holds a whole number of records, 1 or more, not ${size}.`);
	}
	return size;
}

/**
 * Collects one model's versions, then its events, and hands them on a part at a time. A full part
 * is held until the model's next record arrives, so that `more` is only ever said of a part that
 * has a next one; the model's last part comes from `end`.
 */
export class PartBuilder {
	private model: ModelSnapshot['model'] | undefined;
	private versions: ModelVersion[] = [];
	private history: SnapshotEvent[] = [];

	constructor(private readonly size: number) {}

	start(model: BundleModelFields): void {
		this.model = model;
		this.versions = [];
		this.history = [];
	}

	/** Adds a version; returns the part it closed, if the one being filled was full. */
	version(version: ModelVersion): SnapshotPart | undefined {
		const full = this.takeIfFull();
		this.versions.push(version);
		return full;
	}

	/** Adds an event (after every version of the model); returns the part it closed, if any. */
	event(event: SnapshotEvent): SnapshotPart | undefined {
		const full = this.takeIfFull();
		this.history.push(event);
		return full;
	}

	/** The model's last part: whatever is left, possibly nothing but the model's own fields. */
	end(): SnapshotPart {
		const part = { model: this.current(), versions: this.versions, history: this.history };
		this.model = undefined;
		this.versions = [];
		this.history = [];
		return part;
	}

	private takeIfFull(): SnapshotPart | undefined {
		if (this.versions.length + this.history.length < this.size) return undefined;
		const part: SnapshotPart = {
			model: this.current(),
			versions: this.versions,
			history: this.history,
			more: true
		};
		this.versions = [];
		this.history = [];
		return part;
	}

	private current(): ModelSnapshot['model'] {
		if (!this.model) throw new RegistryError('INTERNAL', 'A part was asked for before its model started.');
		return this.model;
	}
}
