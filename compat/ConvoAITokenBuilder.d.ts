export { ConvoAITokenBuilder } from '../index'
