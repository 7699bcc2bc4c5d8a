// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  document.addEventListener('DOMContentLoaded', function () {
    // Move focus to the error summary so screen reader and keyboard users hear what went wrong (GOV.UK pattern);
    // without one, to the confirmation a redirect led to ("Uw inzending is opgeslagen."), as GOV.UK's success
    // banner does, so it is heard and the next Tab starts there.
    var target =
      document.querySelector('.ip-error-summary[data-autofocus]') ||
      document.querySelector('[data-autofocus]') ||
      document.querySelector('[data-notice]');
    if (target) target.focus();

    // Its links go to the field. Without this file the browser jumps there by the #id alone; with it, the field
    // gets focus with its label (or, for a group of choices, its legend) in view above it, not scrolled away.
    document.querySelectorAll('.ip-error-summary a[href^="#"]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        var target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
        if (!target) return;
        var fields = 'input:not([type="hidden"]), select, textarea';
        var field = target.matches(fields) ? target : target.querySelector(fields);
        if (!field) return;
        var group = field.closest('fieldset');
        var legend = group && group.querySelector('legend');
        var choice = field.type === 'radio' || field.type === 'checkbox';
        var caption = (choice && legend) || (field.labels && field.labels[0]) || legend || field;
        event.preventDefault();
        caption.scrollIntoView();
        field.focus({ preventScroll: true });
      });
    });

    // Live "characters/words left" under fields with a limit. The server checks the same limits.
    var lang = document.documentElement.lang === 'en' ? 'en' : 'nl';
    var words = function (text) {
      var m = text.trim().match(/\S+/g);
      return m ? m.length : 0;
    };
    document.querySelectorAll('.ip-counter[data-counter-for]').forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute('data-counter-for'));
      if (!field) return;
      var maxWords = Number(field.getAttribute('data-maxwords')) || 0;
      var maxChars = Number(field.getAttribute('data-maxlength')) || 0;
      var timer;
      var update = function () {
        var left = maxWords ? maxWords - words(field.value) : maxChars - field.value.length;
        var unit = maxWords ? (lang === 'en' ? 'words' : 'woorden') : lang === 'en' ? 'characters' : 'tekens';
        counter.textContent =
          left >= 0
            ? (lang === 'en' ? 'You have ' + left + ' ' + unit + ' left' : 'U heeft nog ' + left + ' ' + unit)
            : (lang === 'en' ? 'You have ' + -left + ' ' + unit + ' too many' : 'U heeft ' + -left + ' ' + unit + ' te veel');
        counter.classList.toggle('ip-counter--over', left < 0);
      };
      // Announce after typing pauses, not on every key.
      field.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(update, 400);
      });
      update();
    });

    // Confirmation before actions marked with data-confirm (the server still asks where it matters).
    document.querySelectorAll('[data-confirm]').forEach(function (el) {
      var form = el.closest('form');
      if (!form) return;
      form.addEventListener('submit', function (event) {
        if (!window.confirm(el.getAttribute('data-confirm'))) event.preventDefault();
      });
    });
  });
})();
