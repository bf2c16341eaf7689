// The library's public face: the pure core and the IndexedDB store, importable from `$lib`.
export * from './registry';
export * from './store';
