/**
 * WebSockets on the gateway's uWS App, as transport only: a client API decides at the upgrade whether
 * to accept (from the request's URL, query and Authorization header) and what each text frame means;
 * the gateway holds the sockets, their limits (frame size, back-pressure, idle time with pings) and the
 * pub/sub topics through which one publish reaches every subscribed socket without a loop in JS.
 */
import uWS, { type HttpRequest, type HttpResponse, type TemplatedApp, type us_socket_context_t } from 'uWebSockets.js';
import { logger } from '../log/index.js';

const log = logger('gateway');

/** What a client API sees of an upgrade request. */
export interface SocketHead {
  /** The path, without the query. */
  url: string;
  /** The query string, without the `?`. */
  query: string;
  authorization: string;
}

/** The upgrade goes ahead with the socket's state, or is refused with an HTTP answer. */
export type UpgradeDecision<S> =
  | { accept: S }
  | { refuse: number; headers?: Readonly<Record<string, string>>; body?: string };

/** One open socket, safe to use after it closed (everything is then a no-op). */
export interface StreamSocket {
  /** Sends a text frame; answers false when the socket is closed or the frame was dropped (back-pressure). */
  send(text: string): boolean;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /** Closes with a close frame; the API's `close` handler runs at once. */
  end(code: number, reason: string): void;
  readonly closed: boolean;
}

/** A client API's side of one WebSocket route. */
export interface SocketHandler<S> {
  upgrade(head: SocketHead): UpgradeDecision<S>;
  open(socket: StreamSocket, state: S): void;
  /** A text frame (binary frames are dropped before this); must not throw. */
  message(socket: StreamSocket, state: S, text: string): void;
  close(socket: StreamSocket, state: S): void;
}

/** Publishes one text frame to every socket subscribed to a topic (sockets past their back-pressure limit are closed). */
export interface Publisher {
  publish(topic: string, text: string): void;
  /** How many sockets are subscribed to a topic (to skip rendering what nobody would get). */
  subscribers(topic: string): number;
  /** Every open socket of the route, closed with this code (shutdown). */
  closeAll(code: number, reason: string): void;
  /** How many sockets of the route are open. */
  openSockets(): number;
}

/** Frame and buffer limits of every socket. */
export interface SocketLimits {
  /** Largest inbound frame; a larger one closes the socket (uWS). */
  maxPayloadLength: number;
  /** Bytes a socket may have waiting to be sent; past it the socket is closed (a slow reader cannot grow memory). */
  maxBackpressure: number;
  /** Seconds without traffic before a socket is closed; uWS pings before that. */
  idleTimeout: number;
  /** Open sockets of the route at most; past it an upgrade is answered 503 (the process's descriptors are not all given to sockets). */
  maxSockets: number;
}

interface SocketData<S> {
  state: S;
  socket: OpenSocket | null;
}

class OpenSocket implements StreamSocket {
  closed = false;
  constructor(private readonly ws: uWS.WebSocket<unknown>) {}

  send(text: string): boolean {
    if (this.closed) return false;
    return this.ws.send(text, false, false) !== 2;
  }

  subscribe(topic: string): void {
    if (!this.closed) this.ws.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (!this.closed) this.ws.unsubscribe(topic);
  }

  end(code: number, reason: string): void {
    if (this.closed) return;
    this.ws.end(code, reason);
  }
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  500: 'Internal Server Error',
};

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Adds a WebSocket route to `app` and answers its publisher. */
export function addSocketRoute<S>(
  app: TemplatedApp,
  pattern: string,
  limits: SocketLimits,
  handler: SocketHandler<S>,
): Publisher {
  const open = new Set<OpenSocket>();
  app.ws<SocketData<S>>(pattern, {
    maxPayloadLength: limits.maxPayloadLength,
    maxBackpressure: limits.maxBackpressure,
    closeOnBackpressureLimit: 1,
    idleTimeout: limits.idleTimeout,
    sendPingsAutomatically: true,
    compression: uWS.DISABLED,
    upgrade: (res: HttpResponse, req: HttpRequest, context: us_socket_context_t) => {
      if (open.size >= limits.maxSockets) {
        res.cork(() => {
          res.writeStatus('503 Service Unavailable');
          res.writeHeader('Retry-After', '30');
          res.end('Too many open sockets');
        });
        return;
      }
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      let decision: UpgradeDecision<S>;
      try {
        decision = handler.upgrade({
          url: req.getUrl(),
          query: req.getQuery() ?? '',
          authorization: req.getHeader('authorization'),
        });
      } catch (err) {
        log.error({ err }, 'a socket upgrade failed');
        decision = { refuse: 500 };
      }
      if ('accept' in decision) {
        res.upgrade<SocketData<S>>({ state: decision.accept, socket: null }, key, protocol, extensions, context);
        return;
      }
      res.cork(() => {
        res.writeStatus(`${decision.refuse} ${STATUS_TEXT[decision.refuse] ?? 'Bad Request'}`);
        for (const [name, value] of Object.entries(decision.headers ?? {})) res.writeHeader(name, value);
        res.end(decision.body ?? '');
      });
    },
    open: (ws) => {
      const data = ws.getUserData();
      const socket = new OpenSocket(ws as uWS.WebSocket<unknown>);
      data.socket = socket;
      open.add(socket);
      guard(() => handler.open(socket, data.state));
    },
    message: (ws, message, isBinary) => {
      const data = ws.getUserData();
      if (isBinary || data.socket === null) return;
      let text: string;
      try {
        text = decoder.decode(message);
      } catch {
        return;
      }
      guard(() => handler.message(data.socket!, data.state, text));
    },
    close: (ws) => {
      const data = ws.getUserData();
      const socket = data.socket;
      if (socket === null) return;
      socket.closed = true;
      open.delete(socket);
      guard(() => handler.close(socket, data.state));
    },
  });
  return {
    publish: (topic, text) => {
      app.publish(topic, text, false, false);
    },
    subscribers: (topic) => app.numSubscribers(topic),
    openSockets: () => open.size,
    closeAll: (code, reason) => {
      for (const socket of [...open]) socket.end(code, reason);
    },
  };
}

/** A throw in a socket handler would end the process from inside uWS: it is logged instead. */
function guard(run: () => void): void {
  try {
    run();
  } catch (err) {
    log.error({ err }, 'a socket handler threw');
  }
}
