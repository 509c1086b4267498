export { FpaTokenBuilder } from '../index'
