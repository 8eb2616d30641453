// Process entry: the thin pass-through proxy on 127.0.0.1 in front of `--upstream`.
import { createThinProxy } from '../thin-proxy.js';
import { childArgs, listenAndAnnounce } from './listen.js';

const { port, upstream } = childArgs();
if (!upstream) throw new Error('thin-proxy: --upstream <origin> is required');
listenAndAnnounce(createThinProxy({ upstream }), port);
