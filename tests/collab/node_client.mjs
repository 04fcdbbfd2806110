// A collaborator that is not our web app: the npm `y-websocket` client (WebsocketProvider, with the `ws` package
// as its WebSocket) in Node. Used by tests/collab/test_interop.py.
//
// node node_client.mjs SERVER_URL ROOM WEB_DIR
//   SERVER_URL: ws://HOST:PORT/api/v1/collab; ROOM: the workflow id; WEB_DIR: the web app's folder, whose
//   node_modules hold yjs, y-websocket and ws.
// Once synced it adds node "from_node" and sets node "p"'s text to "node", waits until meta.done is true (set by
// the other collaborator once it saw these), then prints {"nodes": [...ids], "text": ...} and exits 0; exits 1
// after 20 s.
import { createRequire } from 'node:module'
import path from 'node:path'

const [serverUrl, room, webDir] = process.argv.slice(2)
const require = createRequire(path.join(path.resolve(webDir), 'package.json'))
const Y = require('yjs')
const { WebsocketProvider } = require('y-websocket')
const WebSocket = require('ws')

const doc = new Y.Doc()
const provider = new WebsocketProvider(serverUrl, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
const timer = setTimeout(() => {
  console.error('timed out; nodes:', JSON.stringify([...doc.getMap('nodes').keys()]))
  process.exit(1)
}, 20000)

const nodes = doc.getMap('nodes')
const meta = doc.getMap('meta')
let edited = false

provider.on('sync', (synced) => {
  if (!synced || edited) return
  edited = true
  doc.transact(() => {
    const node = new Y.Map()
    const params = new Y.Map()
    params.set('text', 'written in node')
    node.set('type', 'input.prompt')
    node.set('params', params)
    node.set('position', { x: 5, y: 7 })
    nodes.set('from_node', node)
    nodes.get('p').get('params').set('text', 'node')
  })
  provider.awareness.setLocalStateField('user', { name: 'node', color: '#0a0' })
  check()
})

function check() {
  if (edited && meta.get('done') === true) {
    const ids = [...nodes.keys()].sort()
    console.log(JSON.stringify({ nodes: ids, text: nodes.get('p').get('params').get('text') }))
    clearTimeout(timer)
    provider.destroy()
    process.exit(0)
  }
}

doc.on('update', check)
