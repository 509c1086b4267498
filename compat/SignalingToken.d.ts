import type { SignalingToken } from '../legacy'

export declare const get: typeof SignalingToken.get
export declare const get1DayToken: typeof SignalingToken.get1DayToken
