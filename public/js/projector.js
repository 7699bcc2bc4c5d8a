// The projector's live count: follows the event stream of the vote (Server-Sent Events). Without this file the
// page reloads itself every 5 seconds (a <noscript> refresh), so the count still moves.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.querySelector('[data-projector]');
    if (!root || !window.EventSource) return;
    var total = root.querySelector('[data-projector-total]');
    var source = new EventSource(root.getAttribute('data-feed'));
    source.onmessage = function (event) {
      var s;
      try {
        s = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      // The vote opened or closed, or the counts were revealed or hidden: the page itself changes.
      if (s.state !== root.getAttribute('data-state') || (s.visible ? '1' : '0') !== root.getAttribute('data-visible')) {
        source.close();
        window.location.reload();
        return;
      }
      if (total) total.textContent = total.getAttribute('data-template').replace('{count}', String(s.total));
      root.setAttribute('data-total', String(s.total));
      if (!s.counts) return;
      Array.prototype.forEach.call(root.querySelectorAll('[data-entry]'), function (row) {
        var c = s.counts[row.getAttribute('data-entry')] || { count: 0, percent: 0 };
        var meter = row.querySelector('progress');
        var count = row.querySelector('[data-count]');
        if (meter) {
          meter.value = c.percent;
          meter.textContent = c.percent + '%';
        }
        if (count) count.textContent = count.getAttribute('data-template').replace('{count}', String(c.count));
      });
    };
  });
})();
