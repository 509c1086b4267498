// Types of `agora-token-native/service`: the request-to-token functions of the token service.

/** An answer: an HTTP status and the JSON body to send. */
export interface TokenAnswer<T = Record<string, unknown>> {
  status: number
  body: T | { error: string }
}

export interface RtcParams {
  channelName?: string
  role?: 'publisher' | 'subscriber' | 'audience' | string
  tokenType?: 'uid' | 'userAccount' | string
  rtcuid?: string | number
  /** Seconds from 1 to 86400; default 3600. */
  expiry?: string | number
}

export interface TokenFunctions {
  readonly appId: string
  /** GET /rtc/:channelName/:role/:tokenType/:rtcuid/ → { rtcToken } */
  rtc(params: RtcParams): TokenAnswer<{ rtcToken: string }>
  /** GET /rtm/:rtmuid/ → { rtmToken } */
  rtm(params: { rtmuid?: string; expiry?: string | number }): TokenAnswer<{ rtmToken: string }>
  /** GET /rte/:channelName/:role/:tokenType/:rtcuid/[:rtmuid/] → { rtcToken, rtmToken } */
  rte(params: RtcParams & { rtmuid?: string }): TokenAnswer<{ rtcToken: string; rtmToken: string }>
  /** GET /chat/app/ → { chatToken } */
  chatApp(params: { expiry?: string | number }): TokenAnswer<{ chatToken: string }>
  /** GET /chat/account/:chatid/ → { chatToken } */
  chatUser(params: { chatid?: string; expiry?: string | number }): TokenAnswer<{ chatToken: string }>
  /** POST /getToken → { token } */
  getToken(body: { tokenType?: 'rtc' | 'rtm' | 'chat' | string; channel?: string; role?: string; uid?: string | number; expire?: number }): TokenAnswer<{ token: string }>
  /** POST /verify → { valid } (+ decoded for a token that verifies) */
  verify(body: { token?: string; channelName?: string; uid?: string | number }): TokenAnswer<{ valid: boolean; decoded?: unknown; decodedOmitted?: string }>
  /** POST /diagnose → the package's diagnoseToken result, or 501 when this build has none. */
  diagnose(body: { token?: string; channelName?: string; uid?: string | number }): TokenAnswer
}

/**
 * Creates the functions for one App ID and certificate.
 * @throws {TypeError} When appId or appCertificate is not 32 hexadecimal characters.
 */
export declare function createTokens(options: { appId: string; appCertificate: string; library?: unknown }): TokenFunctions

/** Parses a JSON body: { body } for a JSON object, else { error: { status: 400, body: { error } } }. */
export declare function parseJsonBody(raw: string | Uint8Array): { body: Record<string, unknown>; error?: undefined } | { body?: undefined; error: TokenAnswer }

export declare class RequestError extends Error {
  constructor(message: string, status?: number)
  status: number
}

export declare const DEFAULT_EXPIRY: 3600
export declare const MAX_EXPIRY: 86400
export declare const MAX_TOKEN_LENGTH: number
