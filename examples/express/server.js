'use strict'
// An Express 5 app that mounts the token routes (router.js) behind its own middleware.
//
//   APP_ID=... APP_CERTIFICATE=... node examples/express/server.js
//
// The production service of this repository is `npm start` (server/index.js, docs/service.md);
// this example shows how to put the same routes inside an app you already have.
const express = require('express')
const { tokenRouter } = require('./router.js')

/**
 * @param {object} options { appId, appCertificate, library?, authorize? }: `authorize(req)` is your
 *   own check (a session, a signed cookie...), run before every token route; false answers 403.
 */
function createApp({ appId, appCertificate, library, authorize } = {}) {
  const app = express()
  app.disable('x-powered-by')
  app.set('etag', false)
  // Your own middleware goes first: here, an optional authorization check.
  if (authorize) {
    app.use((req, res, next) => (authorize(req) ? next() : res.status(403).json({ error: 'forbidden' })))
  }
  app.use(tokenRouter({ appId, appCertificate, library }))
  app.use((req, res) => res.status(404).json({ error: `no route for ${req.method} ${req.path}` }))
  return app
}

module.exports = { createApp }

if (require.main === module) {
  const app = createApp({ appId: process.env.APP_ID, appCertificate: process.env.APP_CERTIFICATE })
  const server = app.listen(Number(process.env.PORT || 8080), process.env.HOST || undefined, () => {
    console.log(`listening on ${JSON.stringify(server.address())}`)
  })
}
