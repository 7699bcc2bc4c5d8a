// The ceiling for the benchmark: the same Express on the same Node, doing nothing but answering "ok".
const express = require('express');
const app = express();
app.get('/', (_req, res) => res.send('ok'));
const server = app.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
