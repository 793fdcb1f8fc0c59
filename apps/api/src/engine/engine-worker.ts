// The module every engine worker thread loads, as one JavaScript file (see engine-bundle.ts): piscina
// calls its default export with each task.
export { runEngineTask as default } from './engine-task.js'
