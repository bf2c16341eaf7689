/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { ModelRegistry } from '../registry';
import { DexieModelStore } from '../store';
import { APP_DATABASE_NAME, type RegistryApi } from './contract';

const registry = new ModelRegistry(new DexieModelStore({ name: APP_DATABASE_NAME }));

const api: RegistryApi = {
	listModels: (query) => registry.listModels(query)
};

Comlink.expose(api);
