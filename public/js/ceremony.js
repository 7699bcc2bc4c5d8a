// Ceremony mode: the keyboard moves through the steps without reloading. Without this file every step is a
// page of its own (?step=N) with previous/next links, so the ceremony still works.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    var stage = document.querySelector('[data-stage]');
    var steps = Array.prototype.slice.call(document.querySelectorAll('[data-step-index]'));
    var prev = document.querySelector('[data-stage-prev]');
    var next = document.querySelector('[data-stage-next]');
    var position = document.querySelector('[data-stage-position]');
    if (!stage || steps.length === 0 || !prev || !next || !position) return;
    var current = Number(stage.getAttribute('data-step')) || 0;
    var template = position.getAttribute('data-template') || '{step} / {total}';

    function show(index) {
      if (index < 0 || index >= steps.length || index === current) return;
      steps[current].hidden = true;
      steps[index].hidden = false;
      current = index;
      stage.setAttribute('data-step', String(index));
      prev.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      prev.setAttribute('href', '?step=' + Math.max(index - 1, 0));
      next.setAttribute('href', '?step=' + Math.min(index + 1, steps.length - 1));
      position.textContent = template.replace('{step}', String(index + 1)).replace('{total}', String(steps.length));
      if (window.history && window.history.replaceState) window.history.replaceState(null, '', '?step=' + index);
      // Screen readers read the new step because its heading gets the focus.
      var heading = steps[index].querySelector('[data-stage-heading]');
      if (heading) heading.focus();
    }

    prev.addEventListener('click', function (event) {
      event.preventDefault();
      show(current - 1);
    });
    next.addEventListener('click', function (event) {
      event.preventDefault();
      show(current + 1);
    });

    document.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      // Enter on a link does what the link says (previous, next, close).
      if (event.key === 'Enter' && target && target.closest && target.closest('a, button')) return;
      if (event.key === 'ArrowRight' || event.key === ' ' || event.key === 'Enter' || event.key === 'PageDown') {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === 'ArrowLeft' || event.key === 'PageUp' || event.key === 'Backspace') {
        event.preventDefault();
        show(current - 1);
      } else if (event.key === 'Home') {
        event.preventDefault();
        show(0);
      } else if (event.key === 'End') {
        event.preventDefault();
        show(steps.length - 1);
      }
    });
  });
})();
