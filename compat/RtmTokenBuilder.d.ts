export { RtmTokenBuilder, RtmRole as Role } from '../legacy'
