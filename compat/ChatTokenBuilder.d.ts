export { ChatTokenBuilder } from '../index'
