export { DexieModelStore, type DexieModelStoreOptions } from './dexie-store';
export { RegistryDatabase, DEFAULT_DATABASE_NAME } from './database';
