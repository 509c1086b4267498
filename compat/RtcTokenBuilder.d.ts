export { RtcTokenBuilder, RtcRole as Role } from '../legacy'
