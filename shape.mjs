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
  // The `__` fields are read-only here (agora-token's are plain properties): assigning one
  // throws, in sloppy code too, rather than being lost without a word.
  const readOnly = (proto, field, get, how = "give it to the service's constructor") => {
    Object.defineProperty(proto, field, {
      configurable: true,
      get,
      set() {
        throw new TypeError(`${field} is read-only in agora-token-native: ${how}`)
      },
    })
  }
  const nativeGetter = (proto, field) => Object.getOwnPropertyDescriptor(proto, field).get
  // Replaces the method `key` of `proto` with one of the same name that runs `first(this)`
  // before it.
  const before = (proto, key, first) => {
    const method = proto[key]
    const wrapped = {
      [key](...args) {
        first(this)
        return method.apply(this, args)
      },
    }[key]
    Object.defineProperty(proto, key, { configurable: true, writable: true, value: wrapped })
  }
  // `Service` and the ten service classes.
  const serviceClasses = [Base, ...Object.keys(fields).map((name) => exports[name])]
  for (const Class of serviceClasses) {
    readOnly(Class.prototype, '__type', nativeGetter(Class.prototype, '__type'))
    readOnly(Class.prototype, '__privileges', nativeGetter(Class.prototype, '__privileges'), 'grant privileges with addPrivilege')
  }
  for (const [name, own] of Object.entries(fields)) {
    const Class = exports[name]
    Object.setPrototypeOf(Class.prototype, Base.prototype)
    Object.setPrototypeOf(Class, Base)
    for (const [field, key] of Object.entries(own)) {
      readOnly(Class.prototype, field, function () {
        return this.toJSON()[key]
      })
    }
  }
  // A ServiceRtm2 reads the permissions object it was given, as agora-token's does when it
  // builds: permissions added to that object after `new ServiceRtm2(userId, permissions)`
  // are in the token. The native service keeps a copy, read again (`__readPermissions`)
  // before anything reads the service whenever the object has changed since: an
  // `Rtm2Permissions` counts its changes (`add`, `details =`); any other object with
  // `details` is read again every time. `__permissions` is that object (one made from the
  // service's permissions, the first time it is asked for, when none was given).
  const NativeRtm2 = exports.ServiceRtm2
  const Permissions = exports.Rtm2Permissions
  const permissionsOf = new WeakMap() // service -> the object it reads
  const versions = new WeakMap() // Rtm2Permissions -> its changes
  const readAt = new WeakMap() // service -> its object's version when last read
  const versionOf = (p) => (p instanceof Permissions ? versions.get(p) || 0 : NaN)
  const permissionsProto = Permissions.prototype
  const nativeDetails = Object.getOwnPropertyDescriptor(permissionsProto, 'details')
  const bump = (p) => versions.set(p, (versions.get(p) || 0) + 1)
  before(permissionsProto, 'add', bump)
  Object.defineProperty(permissionsProto, 'details', {
    configurable: true,
    get: nativeDetails.get,
    set(details) {
      nativeDetails.set.call(this, details)
      bump(this)
    },
  })
  const readPermissions = NativeRtm2.prototype.__readPermissions
  const current = (service) => {
    const p = permissionsOf.get(service)
    if (p === undefined) return
    const v = versionOf(p)
    // (NaN, for an object that counts no changes, is never equal.)
    if (readAt.get(service) === v) return
    readPermissions.call(service, p)
    readAt.set(service, v)
    changes++
  }
  // The service reads `p`, which its native copy matches now.
  const keep = (service, p) => {
    permissionsOf.set(service, p)
    readAt.set(service, versionOf(p))
  }
  const ServiceRtm2 = new Proxy(NativeRtm2, {
    construct(target, args, newTarget) {
      const service = Reflect.construct(target, args, newTarget === ServiceRtm2 ? target : newTarget)
      const p = args[1]
      if (p !== undefined && p !== null) keep(service, p)
      return service
    },
  })
  exports.ServiceRtm2 = ServiceRtm2
  exports.AccessToken2.kServices[exports.kRtm2ServiceType] = ServiceRtm2
  readOnly(NativeRtm2.prototype, '__permissions', function () {
    let p = permissionsOf.get(this)
    if (p === undefined) {
      p = new Permissions()
      p.details = this.toJSON().permissions
      keep(this, p)
    }
    return p
  })
  for (const key of ['toJSON', 'pack']) before(NativeRtm2.prototype, key, current)
  readOnly(exports.AccessToken2.prototype, '__parsed', nativeGetter(exports.AccessToken2.prototype, '__parsed'), 'fromString sets it')

  // An AccessToken2 keeps the service objects themselves, as agora-token does: `services` is
  // a plain array of them, in the order added (or as `fromString` read them), so
  // `token.services[0] === rtc`, and a privilege added to a service after `addService` is in
  // the token. The native object keeps copies of the services too (it checks each service
  // as it is added or assigned, and seeds the array after `fromString`), and `build` signs
  // those copies while they still match: the same objects in the array, and no privilege
  // added to any service since they were taken (`changes` counts the additions). Otherwise
  // it passes the array, which the native `build` reads, and copies again.
  let changes = 0
  for (const Class of serviceClasses) {
    for (const key of ['addPrivilege', 'add_privilege']) {
      before(Class.prototype, key, () => {
        changes++
      })
    }
  }
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
  // token -> { list: the `services` array, copied: its items when the native copies were
  // taken (null: they no longer match), changes: the count then }.
  const states = new WeakMap()
  const copied = (state) => {
    state.copied = state.list.slice()
    state.changes = changes
  }
  const stateOf = (token) => {
    let state = states.get(token)
    if (state === undefined) {
      state = { list: native.services.call(token) }
      copied(state)
      states.set(token, state)
    }
    return state
  }
  const matches = (state) => {
    const { list, copied } = state
    if (copied === null || state.changes !== changes || copied.length !== list.length) return false
    for (let i = 0; i < list.length; i++) if (list[i] !== copied[i]) return false
    return true
  }
  const methods = {
    addService(service) {
      current(service)
      const state = stateOf(this)
      const matched = matches(state)
      native.add.call(this, service)
      state.list.push(service)
      if (matched) copied(state)
      else state.copied = null
    },
    getServices(serviceType) {
      // The type is read by the rule of `new Service(serviceType)`.
      const type = new Base(serviceType).service_type()
      return stateOf(this).list.filter((s) => s.service_type() === type)
    },
    build() {
      const state = stateOf(this)
      for (const s of state.list) current(s)
      if (matches(state)) return native.build.call(this)
      const token = native.build.call(this, state.list)
      copied(state)
      return token
    },
    fromString(token) {
      states.delete(this)
      return native.read.call(this, token)
    },
    toJSON() {
      const view = native.json.call(this)
      if (states.has(this)) view.services = states.get(this).list.map((s) => s.toJSON())
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
      return stateOf(this).list
    },
    set(list) {
      if (Array.isArray(list)) for (const s of list) current(s)
      // The native setter checks it (an array of service objects) and copies it.
      native.setServices.call(this, list)
      const state = { list }
      copied(state)
      states.set(this, state)
    },
  })
}
