export { version, AccessToken, priviledges } from '../legacy'
