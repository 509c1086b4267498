// The WebAssembly entry exports exactly what the native entry does.
export * from './index'
import * as native from './index'
export default native
