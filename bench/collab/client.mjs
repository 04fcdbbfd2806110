// y-websocket clients for bench/collab, driven by run.py over stdin/stdout (one JSON object per line).
//
// Every client is the npm `y-websocket` WebsocketProvider on a `ws` socket, exactly what a Node program or the
// editor uses; nothing here knows which server it talks to. Times are process.hrtime.bigint() (Linux
// CLOCK_MONOTONIC, one clock for every process on the machine), so a writer in one process and receivers in
// another compare their times directly.
//
//   node client.mjs writer   SERVER_URL ROOM EDITS WARMUP SEED
//     One client. Writes the bench graph (NODE_COUNT nodes, a chain of edges), prints {"ready":true}, waits for
//     "go" on stdin, then makes WARMUP + EDITS edits, one every 20-50 ms (uniform, seeded): edit i sets node
//     (i mod NODE_COUNT)'s `position` to {x: BASE + i, y} on even i and its `params.seed` to i on odd i. Prints
//     {"sends": [[i, t_ns], ...], "cpu_ms": ..} and exits.
//   node client.mjs receivers SERVER_URL ROOM COUNT EDITS WARMUP
//     COUNT clients. Once each has synced and holds the graph, prints {"ready":true}; records when each edit
//     first shows in each client's document; when every client has seen every edit (or "stop" comes on stdin)
//     prints {"receives": [[[i, t_ns], ...] per client], "cpu_ms": .., "loop_delay_p99_ms": ..} and exits.
//   node client.mjs rooms SERVER_URL ROOM1,ROOM2,...
//     One client per room (connected 250 at a time); each writes the bench graph into its room. Prints {"ready":true} once all have
//     synced and written; closes everything and exits on "stop".

import { createInterface } from 'node:readline'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const NODE_COUNT = 10
const BASE = 100000 // position.x = BASE + edit number, far from where the graph's nodes start
const [mode, serverUrl, ...rest] = process.argv.slice(2)

const now = () => process.hrtime.bigint()
// Resolves once the line is handed to the pipe (stdout to a pipe is asynchronous: exiting earlier cuts it short).
const say = (value) => new Promise((resolve) => {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)) + '\n', resolve)
})
const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
process.setMaxListeners(0) // y-websocket adds an exit listener per provider
const lines = createInterface({ input: process.stdin })
const nextLine = () => new Promise((resolve) => lines.once('line', resolve))

/** A client: a Y.Doc and its provider, resolved once the first sync with the server is done. */
const connect = (room) => {
  const doc = new Y.Doc()
  // disableBc: clients in one process would otherwise also pass updates to each other by BroadcastChannel.
  const provider = new WebsocketProvider(serverUrl, room, doc, { WebSocketPolyfill: WebSocket, disableBc: true })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sync with ${serverUrl}/${room} within 30 s`)), 30000)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve({ doc, provider })
    })
  })
}

/** The bench graph, as the editor stores it (karate/collab/document.py): a chain of NODE_COUNT nodes. */
const writeGraph = (doc) => {
  const nodes = doc.getMap('nodes')
  const edges = doc.getMap('edges')
  const meta = doc.getMap('meta')
  doc.transact(() => {
    meta.set('schema_version', 1)
    for (let n = 0; n < NODE_COUNT; n++) {
      const node = new Y.Map()
      node.set('type', n === 0 ? 'input.prompt' : 'tool.blur')
      node.set('position', { x: 240 * n, y: 80 })
      const params = new Y.Map()
      if (n === 0) params.set('text', 'a red fox in the snow')
      else params.set('radius', 4)
      node.set('params', params)
      nodes.set(`n${n}`, node)
      if (n > 0) {
        edges.set(`e${n}`, { source: `n${n - 1}`, sourceHandle: n === 1 ? 'text' : 'image', target: `n${n}`, targetHandle: 'image' })
      }
    }
  })
}

/** Resolves once `doc` holds the whole bench graph (the writer's first transaction has arrived). */
const hasGraph = (doc) => new Promise((resolve) => {
  const nodes = doc.getMap('nodes')
  const check = () => {
    if (nodes.size >= NODE_COUNT) {
      nodes.unobserveDeep(check)
      resolve()
    }
  }
  nodes.observeDeep(check)
  check()
})

/** A small seeded generator (mulberry32), so both servers get the same edit timing. */
const random = (seed) => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function writer ([room, edits, warmup, seed]) {
  const total = Number(edits) + Number(warmup)
  const { doc, provider } = await connect(room)
  writeGraph(doc)
  say({ ready: true })
  await nextLine()
  const nodes = doc.getMap('nodes')
  const next = random(Number(seed))
  const sends = []
  const cpuBefore = cpuMs()
  for (let i = 0; i < total; i++) {
    const node = nodes.get(`n${i % NODE_COUNT}`)
    const sent = now()
    if (i % 2 === 0) node.set('position', { x: BASE + i, y: 80 + (i % 7) * 10 })
    else node.get('params').set('seed', i)
    sends.push([i, sent])
    await sleep(20 + 30 * next())
  }
  const cpu = cpuMs() - cpuBefore
  await sleep(200) // let the last message leave before the socket closes
  provider.destroy()
  await say({ sends, cpu_ms: cpu })
  process.exit(0)
}

async function receivers ([room, count, edits, warmup]) {
  const total = Number(edits) + Number(warmup)
  const clients = await Promise.all(Array.from({ length: Number(count) }, () => connect(room)))
  await Promise.all(clients.map(({ doc }) => hasGraph(doc)))
  const receives = clients.map(() => new Map())
  let complete = 0
  let finish
  const finished = new Promise((resolve) => { finish = resolve })
  clients.forEach(({ doc }, c) => {
    const seen = receives[c]
    doc.getMap('nodes').observeDeep((events) => {
      const t = now()
      for (const event of events) {
        for (const key of event.keysChanged) {
          const value = event.target.get(key)
          let i = null
          if (key === 'position' && value && value.x >= BASE) i = value.x - BASE
          else if (key === 'seed') i = value
          if (i !== null && !seen.has(i)) {
            seen.set(i, t)
            if (seen.size === total && ++complete === clients.length) finish()
          }
        }
      }
    })
  })
  const delay = monitorEventLoopDelay({ resolution: 1 })
  say({ ready: true })
  await nextLine() // "go": the writer has been told to start
  delay.enable()
  const cpuBefore = cpuMs()
  await Promise.race([finished, nextLine()])
  const cpu = cpuMs() - cpuBefore
  delay.disable()
  await say({
    receives: receives.map((seen) => [...seen.entries()]),
    cpu_ms: cpu,
    loop_delay_p99_ms: delay.percentile(99) / 1e6,
    loop_delay_max_ms: delay.max / 1e6
  })
  clients.forEach(({ provider }) => provider.destroy())
  process.exit(0)
}

// Rooms open in waves of this many: 2,000 new rooms at once took the studio over the 30 s a client waits for its
// sync on this machine (each new room is read from the database and its first update stored).
const ROOMS_AT_ONCE = 250

async function rooms ([names]) {
  const clients = []
  const all = names.split(',')
  for (let start = 0; start < all.length; start += ROOMS_AT_ONCE) {
    clients.push(...await Promise.all(all.slice(start, start + ROOMS_AT_ONCE).map((room) => connect(room))))
  }
  clients.forEach(({ doc }) => writeGraph(doc))
  await sleep(200)
  say({ ready: true })
  await nextLine()
  clients.forEach(({ provider }) => provider.destroy())
  process.exit(0)
}

const modes = { writer, receivers, rooms }
if (!(mode in modes)) {
  console.error(`usage: node client.mjs writer|receivers|rooms SERVER_URL ...; got ${mode}`)
  process.exit(2)
}
modes[mode](rest).catch((error) => {
  console.error(error)
  process.exit(1)
})
