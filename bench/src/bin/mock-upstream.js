// Process entry: the bench's fake OpenAI upstream on 127.0.0.1 (`--port`, default a free one).
import http from 'node:http';
import { createBenchUpstreamHandler } from '../mock-upstream.js';
import { childArgs, listenAndAnnounce } from './listen.js';

const server = http.createServer({ keepAliveTimeout: 60_000 }, createBenchUpstreamHandler());
listenAndAnnounce(server, childArgs().port);
