// Gives the service classes agora-token's shape: each inherits from `Service` (so that
// `instanceof Service` holds, as with agora-token's `class ServiceRtc extends Service`), and
// has agora-token's `__` fields as read-only getters, read from the service's `toJSON()`
// view (`__type` and `__privileges` are native getters); and gives `AccessToken2` its
// `services` array of the very objects added. The native addon runs this file's
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

  // An AccessToken2 keeps the service objects themselves, as agora-token does: `services` is
  // a plain array of them, in the order added (or as `fromString` read them), so
  // `token.services[0] === rtc`, and a privilege added to a service after `addService` is in
  // the token. The native `build` reads the array each time it is called. (The native object
  // still checks each service as it is added or assigned, and its own list seeds the array
  // after `fromString`.)
  const Token = exports.AccessToken2.prototype
  const services = Object.getOwnPropertyDescriptor(Token, 'services')
  const native = {
    services: services.get,
    setServices: services.set,
    add: Token.addService,
    build: Token.build,
    read: Token.fromString,
    json: Token.toJSON,
  }
  const lists = new WeakMap()
  const listOf = (token) => {
    let list = lists.get(token)
    if (list === undefined) {
      list = native.services.call(token)
      lists.set(token, list)
    }
    return list
  }
  const methods = {
    addService(service) {
      const list = listOf(this)
      native.add.call(this, service)
      list.push(service)
    },
    getServices(serviceType) {
      // The type is read by the rule of `new Service(serviceType)`.
      const type = new Base(serviceType).service_type()
      return listOf(this).filter((s) => s.service_type() === type)
    },
    build() {
      return native.build.call(this, listOf(this))
    },
    fromString(token) {
      lists.delete(this)
      return native.read.call(this, token)
    },
    toJSON() {
      const view = native.json.call(this)
      if (lists.has(this)) view.services = lists.get(this).map((s) => s.toJSON())
      return view
    },
  }
  const aliases = { addService: 'add_service', fromString: 'from_string' }
  for (const [name, value] of Object.entries(methods)) {
    for (const key of [name, aliases[name]].filter(Boolean)) {
      Object.defineProperty(Token, key, { configurable: true, writable: true, value })
    }
  }
  Object.defineProperty(Token, 'services', {
    configurable: true,
    get() {
      return listOf(this)
    },
    set(list) {
      // The native setter checks it: an array of service objects.
      native.setServices.call(this, list)
      lists.set(this, list)
    },
  })
}
