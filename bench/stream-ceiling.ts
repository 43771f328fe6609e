/**
 * The streaming ceiling: a bare uWebSockets.js server that subscribes every socket to one topic and,
 * on `POST /publish`, publishes the request body to it: what a note's fan-out costs with nothing but
 * uWS pub/sub. Started by the streaming scenario with IPC; reports `{ready, port}`.
 */
import uWS from 'uWebSockets.js';

const TOPIC = 'all';

const app = uWS.App();
app.ws('/*', {
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 256 * 1024,
  closeOnBackpressureLimit: 1,
  idleTimeout: 120,
  sendPingsAutomatically: true,
  open: (ws) => {
    ws.subscribe(TOPIC);
  },
});
app.post('/publish', (res) => {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  const chunks: Buffer[] = [];
  res.onData((chunk, isLast) => {
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!isLast) return;
    app.publish(TOPIC, Buffer.concat(chunks), false, false);
    if (!aborted) res.cork(() => res.writeStatus('204 No Content').end());
  });
});

app.listen('127.0.0.1', 0, (socket) => {
  if (socket === false) {
    process.stderr.write('stream ceiling: expected to listen on 127.0.0.1, got a refusal\n');
    process.exit(1);
  }
  process.send?.({ ready: true, port: uWS.us_socket_local_port(socket as unknown as uWS.us_socket) });
  const stop = () => {
    uWS.us_listen_socket_close(socket);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
});
