// Builds the object `decodeToken` returns for a 007 token from the compact text that
// src/compact.rs writes: one string of UTF-16 code units, read in order.
//   u16: one unit below 0xD800; else two, 0xE000 | its top 4 bits then its low 12 (so no
//   number is a lone surrogate, which a runtime decoding the text as UTF-16 would replace).
//   u32: two u16, high then low. i16: a u16, sign-extended.
//   string: its length in units (a u16), then its units.
//   token: appId, issueTs u32, expire u32, salt u32, service count u16, the services.
//   service: type u16, privilege count u16, that many (privilege u16, expire u32), then
//   the fields of its type, in the order of the object below; RTM2's permissions are a
//   count of resource types, each (type u16, count of permission types, each (type u16,
//   count of names, the names)).
// The one copy of this function, reaching the binding two ways. The native addon compiles
// it from this file's text at the first decode (src/compact.rs includes it); the WebAssembly
// entry (api.mjs) imports it and hands it to the binding at load, which is how runtimes that
// forbid compiling code from strings (workerd, Next.js Edge, browsers with a strict CSP) get
// it. Where neither happened, the binding writes JSON and calls JSON.parse, for the same
// object. Object literals give every decoded token the same hidden class, which is most of
// why this is 4x cheaper than JSON.parse for a small token.
export default function assemble007(s) {
  'use strict'
  let i = 0
  const u16 = () => {
    const x = s.charCodeAt(i++)
    return x < 0xe000 ? x : ((x & 0xf) << 12) | s.charCodeAt(i++)
  }
  const u32 = () => ((u16() << 16) | u16()) >>> 0
  const str = () => {
    const n = u16()
    const v = s.slice(i, i + n)
    i += n
    return v
  }
  // An empty plain object for integer keys. The first integer key stored into `{}` makes
  // V8 allocate the object's elements in its runtime (about 100 ns a call, more than the
  // rest of a small token's object); an object that starts with an element and has it
  // deleted has its elements already, and the same keys, prototype and shape.
  const emptyKeyed = () => {
    const o = { 0: 0 }
    delete o[0]
    return o
  }
  const appId = str()
  const issueTs = u32()
  const expire = u32()
  const salt = u32()
  const services = []
  for (let n = u16(); n > 0; n--) {
    const type = u16()
    const privileges = emptyKeyed()
    // Privileges are read with a local index: through the closures above (whose `i`
    // lives in their context) a 1000-privilege token took 13-18 us to assemble, 11-12 us so.
    let k = u16()
    let at = i
    for (; k > 0; k--) {
      let key = s.charCodeAt(at++)
      if (key >= 0xe000) key = ((key & 0xf) << 12) | s.charCodeAt(at++)
      let hi = s.charCodeAt(at++)
      if (hi >= 0xe000) hi = ((hi & 0xf) << 12) | s.charCodeAt(at++)
      let lo = s.charCodeAt(at++)
      if (lo >= 0xe000) lo = ((lo & 0xf) << 12) | s.charCodeAt(at++)
      privileges[key] = ((hi << 16) | lo) >>> 0
    }
    i = at
    switch (type) {
      case 1:
        services.push({ type, name: 'rtc', privileges, channelName: str(), uid: str() })
        break
      case 2:
        services.push({ type, name: 'rtm', privileges, userId: str() })
        break
      case 3:
        services.push({ type, name: 'streaming', privileges, channelName: str(), account: str() })
        break
      case 4:
        services.push({ type, name: 'fpa', privileges })
        break
      case 5:
        services.push({ type, name: 'chat', privileges, userId: str() })
        break
      case 6:
        services.push({ type, name: 'fcdn', privileges, channelName: str(), account: str() })
        break
      case 7:
        services.push({ type, name: 'apaas', privileges, roomUuid: str(), userUuid: str(), role: (u16() << 16) >> 16 })
        break
      case 8: {
        const userId = str()
        const permissions = emptyKeyed()
        for (let r = u16(); r > 0; r--) {
          const resourceType = u16()
          const byPermission = emptyKeyed()
          for (let p = u16(); p > 0; p--) {
            const permissionType = u16()
            const names = []
            for (let m = u16(); m > 0; m--) names.push(str())
            byPermission[permissionType] = names
          }
          permissions[resourceType] = byPermission
        }
        services.push({ type, name: 'rtm2', privileges, userId, permissions })
        break
      }
      case 9:
        services.push({ type, name: 'convoai', privileges })
        break
      case 10:
        services.push({ type, name: 'stt', privileges })
        break
      default:
        throw new Error(`decodeToken: service type ${type} in the compact text (a bug in agora-token-native)`)
    }
  }
  if (i !== s.length) throw new Error('decodeToken: the compact text was not read to its end (a bug in agora-token-native)')
  return { version: '007', appId, issueTs, expire, salt, services }
}
