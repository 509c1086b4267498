export { ApaasTokenBuilder } from '../index'
