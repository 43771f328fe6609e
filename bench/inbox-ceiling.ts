/**
 * The inbox's ceiling: a bare uWebSockets.js server that reads a POST's body, parses it as JSON and
 * answers 202, with no signature checked and nothing stored: what the machine's HTTP path, with the
 * inbox scenario's load generator on the same cores, allows before Flock does any work of its own.
 * Started by the inbox scenario with IPC; reports `{ready, port}`.
 */
import uWS from 'uWebSockets.js';

const app = uWS.App();
app.post('/inbox', (res) => {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  const chunks: Buffer[] = [];
  res.onData((chunk, isLast) => {
    chunks.push(Buffer.from(chunk.slice(0)));
    if (!isLast || aborted) return;
    let status = '202 Accepted';
    try {
      JSON.parse(Buffer.concat(chunks).toString());
    } catch {
      status = '400 Bad Request';
    }
    res.cork(() => res.writeStatus(status).end());
  });
});

app.listen('127.0.0.1', 0, (socket) => {
  if (socket === false) {
    process.stderr.write('inbox ceiling: expected to listen on 127.0.0.1, got a refusal\n');
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
