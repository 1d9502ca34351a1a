/**
 * Import pipeline: files → identifier columns → normalized, hashed, deduplicated members → one
 * SQLite transaction. `runImport` / `planImport` / `previewImport` are the entry points (CLI, app
 * jobs, tests); the stages they run in worker threads are exported for tests.
 */
export { runImport, planImport, previewImport, type ImportRunOptions, type ImportProgress, type PreviewRunOptions } from './pipeline.js';
export type { ImportTarget } from './commit-stage.js';
export { buildPreview, DEFAULT_PREVIEW_ROWS } from './preview.js';
