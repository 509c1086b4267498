export { RtcTokenBuilder, RtcRole as Role } from '../index'
