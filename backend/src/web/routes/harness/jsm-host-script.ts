/**
 * The harness page's script: it plays the Forge platform for the panel iframe. The panel's fake bridge
 * posts `{type: 'forge-harness-call', id, op, input}`; this answers `getContext` from the page's signed-in
 * context and sends `invokeRemote` to `/harness/jsm/invoke`, where the server mints the invocation token
 * and calls the real `/v1` route. Only messages from the panel's own frame, same origin, are answered.
 * It also shows what the in-process fake Jira received (the write-backs), when the harness uses it.
 */
export const JSM_HOST_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('forge-harness').textContent);
  var frame = document.getElementById('panel');
  if (!frame) return;
  function reply(id, ok, value) {
    var message = ok
      ? { type: 'forge-harness-reply', id: id, ok: true, value: value }
      : { type: 'forge-harness-reply', id: id, ok: false, error: String(value) };
    frame.contentWindow.postMessage(message, location.origin);
  }
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
    var msg = event.data;
    if (!msg || msg.type !== 'forge-harness-call' || typeof msg.id !== 'string') return;
    if (msg.op === 'getContext') return reply(msg.id, true, config.context);
    if (msg.op !== 'invokeRemote') return reply(msg.id, false, 'unsupported bridge call');
    fetch('/harness/jsm/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ issueKey: config.issueKey, accountId: config.accountId, request: msg.input }),
    })
      .then(function (r) {
        if (!r.ok) throw new Error('harness invoke failed: ' + r.status);
        return r.json();
      })
      .then(function (value) { reply(msg.id, true, value); }, function (e) { reply(msg.id, false, e); });
  });
  var list = document.getElementById('activity');
  if (!list || !config.activity) return;
  function render(items) {
    list.textContent = '';
    items.forEach(function (item) {
      if (item.kind !== 'comment') return;
      var li = document.createElement('li');
      li.className = item.public ? 'public' : 'internal';
      var head = document.createElement('div');
      head.className = 'muted';
      head.textContent = (item.public ? 'Reply to customer' : 'Internal note') + ' by ' + item.author + ' · ' + item.at;
      var body = document.createElement('div');
      body.textContent = item.body;
      li.appendChild(head);
      li.appendChild(body);
      list.appendChild(li);
    });
  }
  function poll() {
    fetch(config.activity).then(function (r) { return r.json(); }).then(render, function () {});
  }
  poll();
  setInterval(poll, 2000);
})();
`;
