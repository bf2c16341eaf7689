import { Dexie, type EntityTable } from 'dexie';
import type { MlflowServer } from '../sync/types';

/**
 * The MLflow servers this browser knows, with their credentials: a database of its own, so they
 * never travel with the registry (bundles, exports, history, `wipe()`) and a registry schema change
 * never touches them.
 */
class ServerDatabase extends Dexie {
	servers!: EntityTable<MlflowServer, 'id'>;

	constructor(name: string) {
		super(name);
		this.version(1).stores({ servers: 'id' });
	}
}

export const SERVER_DATABASE_NAME = 'model-registry-mlflow-servers';

export class ServerStore {
	private readonly db: ServerDatabase;

	constructor(name = SERVER_DATABASE_NAME) {
		this.db = new ServerDatabase(name);
	}

	/** In the order they were added. */
	async list(): Promise<MlflowServer[]> {
		return this.db.servers.toArray();
	}

	get(id: string): Promise<MlflowServer | undefined> {
		return this.db.servers.get(id);
	}

	async put(server: MlflowServer): Promise<void> {
		await this.db.servers.put(server);
	}

	/** Records what a pull brought, so the next "only what changed" pull starts there. */
	async recordPulled(id: string, pulled: Record<string, number>): Promise<void> {
		await this.db.transaction('rw', this.db.servers, async () => {
			const server = await this.db.servers.get(id);
			if (server) await this.db.servers.put({ ...server, pulled: { ...server.pulled, ...pulled } });
		});
	}

	async remove(id: string): Promise<void> {
		await this.db.servers.delete(id);
	}

	close(): void {
		this.db.close();
	}
}
