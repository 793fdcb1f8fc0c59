// Entry of an engine worker thread (see engine-pool.ts): the workspace's packages are TypeScript
// sources, so the worker registers tsx before it loads the task module, as bin/xmargin.js does.
import { register } from 'tsx/esm/api'

register()
const { runEngineTask } = await import('./engine-task.ts')

export default runEngineTask
