export { RtmTokenBuilder } from '../index'
