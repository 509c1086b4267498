// Gives the service classes agora-token's shape: each inherits from `Service` (so that
// `instanceof Service` holds, as with agora-token's `class ServiceRtc extends Service`), and
// has agora-token's `__` fields as read-only getters, read from the service's `toJSON()`
// view (`__type` and `__privileges` are native getters). The native addon runs this file's
// function when it loads (src/token.rs includes it); where a runtime forbids that (no
// code generation from strings: workerd, Next.js Edge), api.mjs applies it instead.
export default function shapeServices(exports) {
  const Base = exports.Service
  if (Object.getPrototypeOf(exports.ServiceRtc.prototype) === Base.prototype) return
  const fields = {
    ServiceRtc: { __channel_name: 'channelName', __uid: 'uid' },
    ServiceRtm: { __user_id: 'userId' },
    ServiceStreaming: { __channel_name: 'channelName', __account: 'account' },
    ServiceFpa: {},
    ServiceChat: { __user_id: 'userId' },
    ServiceFCdn: { __channel_name: 'channelName', __account: 'account' },
    ServiceApaas: { __room_uuid: 'roomUuid', __user_uuid: 'userUuid', __role: 'role' },
    ServiceRtm2: { __user_id: 'userId' },
    ServiceConvoAI: {},
    ServiceStt: {},
  }
  for (const [name, own] of Object.entries(fields)) {
    const Class = exports[name]
    Object.setPrototypeOf(Class.prototype, Base.prototype)
    Object.setPrototypeOf(Class, Base)
    for (const [field, key] of Object.entries(own)) {
      Object.defineProperty(Class.prototype, field, {
        configurable: true,
        get() {
          return this.toJSON()[key]
        },
      })
    }
  }
  Object.defineProperty(exports.ServiceRtm2.prototype, '__permissions', {
    configurable: true,
    get() {
      const p = new exports.Rtm2Permissions()
      p.details = this.toJSON().permissions
      return p
    },
  })
}
