// Progressive enhancement for the attachments upload form (views/attachments/_section.ejs): sends the files with
// XMLHttpRequest so a progress bar can show how far the upload is. Without this file the form posts as usual and
// the server answers the same way (a redirect after success, the form with the reason after a refusal).
(function () {
  'use strict';
  if (document.documentElement.hasAttribute('data-upload-ready')) return;
  if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return;
  document.documentElement.setAttribute('data-upload-ready', '');

  function text(form, name, percent) {
    return (form.getAttribute('data-text-' + name) || '').replace('{percent}', String(percent));
  }

  // One listener for every upload form, also for a form that replaced an earlier one after a refused upload.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-upload')) return;
    var input = form.querySelector('input[type="file"]');
    // Nothing chosen: let the form post, so the server's "choose a file" message appears as without JavaScript.
    if (!input || !input.files || input.files.length === 0) return;
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    upload(form);
  });

  function upload(form) {
    var progress = form.querySelector('[data-upload-progress]');
    var bar = progress.querySelector('progress');
    var percentText = progress.querySelector('[data-upload-percent]');
    var status = form.querySelector('[data-upload-status]');
    var button = form.querySelector('button[type="submit"]');
    var data = new FormData(form);
    var announced = -1;

    function show(percent) {
      bar.value = percent;
      percentText.textContent = percent + '%';
      // Screen readers hear every quarter, not every event.
      var step = Math.floor(percent / 25) * 25;
      if (step !== announced) {
        announced = step;
        status.textContent = text(form, 'progress', step);
      }
    }

    // aria-disabled rather than disabled: a disabled button loses keyboard focus, which would jump to the page start.
    function busy(on) {
      if (on) form.setAttribute('aria-busy', 'true');
      else form.removeAttribute('aria-busy');
      button.setAttribute('aria-disabled', on ? 'true' : 'false');
      button.classList.toggle('utrecht-button--disabled', on);
    }

    progress.hidden = false;
    busy(true);
    show(0);

    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'text/html');
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable && e.total > 0) show(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    });
    xhr.upload.addEventListener('load', function () {
      show(100);
      status.textContent = text(form, 'processing');
    });
    xhr.addEventListener('load', function () {
      var redirected = xhr.responseURL && xhr.responseURL.split('#')[0] !== form.action.split('#')[0];
      if (xhr.status >= 200 && xhr.status < 300 && redirected) {
        follow(xhr.responseURL);
        return;
      }
      if (!showRefusal(form, xhr.responseText)) {
        // Not an answer about the files (an expired session or token, a server error): post the form the
        // ordinary way, so the browser shows the server's page as it would without JavaScript.
        HTMLFormElement.prototype.submit.call(form);
      }
    });
    xhr.addEventListener('error', function () {
      busy(false);
      progress.hidden = true;
      status.textContent = text(form, 'failed');
    });
    xhr.send(data);
  }

  // After success the server redirects (303) to the entry page; XMLHttpRequest followed it, the browser goes there.
  function follow(url) {
    var target = url.split('#')[0];
    var here = window.location.href.split('#')[0];
    if (target === here) {
      window.location.hash = 'attachments';
      window.location.reload();
    } else {
      window.location.assign(target + '#attachments');
    }
  }

  // A refused upload (413, 422) comes back as a page with the attachments section: put its section in place of
  // this one and move focus to the message, as the error summary would.
  function showRefusal(form, html) {
    var current = form.closest('[data-attachments]');
    if (!current || !html) return false;
    var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-attachments]');
    if (!fresh) return false;
    var replacement = document.importNode(fresh, true);
    current.parentNode.replaceChild(replacement, current);
    var message = replacement.querySelector('[data-upload-error]');
    if (message) message.focus();
    return true;
  }
})();
