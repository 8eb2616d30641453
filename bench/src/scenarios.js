// The load scenarios: non-stream and 20-chunk stream chat, each at 1 and 32 connections.

/** @typedef {{ id: string, label: string, stream: boolean, connections: number }} Scenario */

/** @type {readonly Scenario[]} */
export const SCENARIOS = Object.freeze([
  { id: 'chat-1', label: 'non-stream, 1 conn', stream: false, connections: 1 },
  { id: 'chat-32', label: 'non-stream, 32 conns', stream: false, connections: 32 },
  { id: 'stream-1', label: 'stream 20 chunks, 1 conn', stream: true, connections: 1 },
  { id: 'stream-32', label: 'stream 20 chunks, 32 conns', stream: true, connections: 32 },
]);
