export { EducationTokenBuilder } from '../index'
