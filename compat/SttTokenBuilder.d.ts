export { SttTokenBuilder } from '../index'
