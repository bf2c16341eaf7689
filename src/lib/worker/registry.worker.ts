/// <reference lib="webworker" />
/**
 * The registry's worker, one per tab: the app's IndexedDB store behind the api of `api.ts`, exposed
 * over Comlink. `./errors` makes a RegistryError cross as one.
 */
import * as Comlink from 'comlink';
import { DexieModelStore } from '../store';
import { createRegistryApi } from './api';
import { APP_DATABASE_NAME } from './contract';
import './errors';

Comlink.expose(createRegistryApi({ store: new DexieModelStore({ name: APP_DATABASE_NAME }) }));
