import { Dexie, type EntityTable } from 'dexie';
import type { MlflowServer } from '../sync/types';

/** A server as kept: `order` counts up as servers are added, so they list in the order they were added. */
type StoredServer = MlflowServer & { order?: number };

/**
 * The MLflow servers this browser knows, with their credentials: a database of its own, so they
 * never travel with the registry (bundles, exports, history, `wipe()`) and a registry schema change
 * never touches them.
 */
class ServerDatabase extends Dexie {
	servers!: EntityTable<StoredServer, 'order'>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({ servers: '++order, &id' });
	}
}

export const SERVER_DATABASE_NAME = 'model-registry-mlflow-servers';

const withoutOrder = ({ order: _order, ...server }: StoredServer): MlflowServer => server;

export class ServerStore {
	private readonly db: ServerDatabase;

	constructor(name = SERVER_DATABASE_NAME) {
		this.db = new ServerDatabase(name);
	}

	/** In the order they were added. */
	async list(): Promise<MlflowServer[]> {
		return (await this.db.servers.toArray()).map(withoutOrder);
	}

	async get(id: string): Promise<MlflowServer | undefined> {
		const stored = await this.db.servers.where('id').equals(id).first();
		return stored && withoutOrder(stored);
	}

	/** Adds the server, or changes the one with its id, which keeps its place in the list. */
	async put(server: MlflowServer): Promise<void> {
		await this.db.transaction('rw', this.db.servers, async () => {
			const earlier = await this.db.servers.where('id').equals(server.id).first();
			await this.db.servers.put({ ...server, ...(earlier && { order: earlier.order }) });
		});
	}

	/** Records what a pull brought, so the next "only what changed" pull starts there. */
	async recordPulled(id: string, pulled: Record<string, number>): Promise<void> {
		await this.db.transaction('rw', this.db.servers, async () => {
			const server = await this.db.servers.where('id').equals(id).first();
			if (server) await this.db.servers.put({ ...server, pulled: { ...server.pulled, ...pulled } });
		});
	}

	async remove(id: string): Promise<void> {
		await this.db.servers.where('id').equals(id).delete();
	}

	close(): void {
		this.db.close();
	}
}
