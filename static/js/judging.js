/*
 * Judging that survives bad Wi-Fi.
 *
 * Every change on a judge's score form is put in a queue in localStorage first and then
 * sent to the server. An entry leaves the queue only when the server answers with the
 * header "X-Autosave-Result" (saved, or refused with a reason), so the status line never
 * says "Saved" unless the server confirmed it. Without a connection the scores stay on the
 * device, a counter shows how many score sheets are unsent, sending is retried and resumes
 * as soon as the browser is online again, and leaving the page asks for confirmation.
 * Without JavaScript the form is an ordinary form that posts and redirects.
 */
(function () {
  "use strict";

  var QUEUE_KEY = "readaloud-unsent-scores";
  var RETRY_MS = 5000;
  var DEBOUNCE_MS = 400;

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = document.getElementById("save-status");
  var counter = document.getElementById("unsent-count");
  var url = form.getAttribute("action") || window.location.pathname;
  var texts = {
    saving: status.dataset.saving,
    retrying: status.dataset.retrying,
    unconfirmed: status.dataset.unconfirmed,
  };
  var sending = false;
  var retryTimer = null;
  var debounceTimer = null;
  var goNextWhenSaved = false;

  function loadQueue() {
    try {
      return JSON.parse(window.localStorage.getItem(QUEUE_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function storeQueue(queue) {
    window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
  }

  function unsentCount() {
    return Object.keys(loadQueue()).length;
  }

  function showCount() {
    var count = unsentCount();
    counter.hidden = count === 0;
    counter.textContent =
      count === 1 ? counter.dataset.one : counter.dataset.many.replace("__count__", count);
  }

  function showStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
    status.classList.toggle("text-danger", state === "error" || state === "refused");
    status.classList.toggle("text-body-secondary", state !== "error" && state !== "refused");
  }

  function formBody() {
    var data = new URLSearchParams(new FormData(form));
    data.delete(form.dataset.saveAndNext);
    return data.toString();
  }

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function enqueue() {
    var queue = loadQueue();
    queue[url] = { body: formBody(), csrf: csrfToken(), at: Date.now() };
    storeQueue(queue);
    showCount();
    flush();
  }

  function scheduleRetry() {
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        flush();
      }, RETRY_MS);
    }
  }

  function statusFrom(html) {
    var fragment = new DOMParser().parseFromString(html, "text/html");
    var element = fragment.getElementById("save-status");
    return element ? element.textContent.trim() : "";
  }

  function send(target, entry) {
    return window
      .fetch(target, {
        method: "POST",
        body: entry.body,
        credentials: "same-origin",
        redirect: "error",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": entry.csrf,
          "X-Autosave": "1",
        },
      })
      .then(function (response) {
        var result = response.headers.get("X-Autosave-Result");
        if (result !== "saved" && result !== "refused") {
          throw new Error("unconfirmed");
        }
        return response.text().then(function (html) {
          return { result: result, text: statusFrom(html) };
        });
      });
  }

  function forget(target, entry) {
    var queue = loadQueue();
    if (queue[target] && queue[target].body === entry.body) {
      delete queue[target];
      storeQueue(queue);
    }
  }

  function flush() {
    if (sending) {
      return;
    }
    var queue = loadQueue();
    var targets = Object.keys(queue);
    if (targets.length === 0) {
      showCount();
      return;
    }
    sending = true;
    if (queue[url]) {
      showStatus("saving", texts.saving);
    }
    var chain = Promise.resolve(true);
    targets.forEach(function (target) {
      chain = chain.then(function (ok) {
        if (!ok) {
          return false;
        }
        var entry = queue[target];
        return send(target, entry).then(
          function (answer) {
            forget(target, entry);
            if (target === url) {
              showStatus(answer.result, answer.text);
              if (answer.result === "refused") {
                goNextWhenSaved = false;
              }
            }
            return true;
          },
          function (error) {
            showStatus(
              "error",
              error && error.message === "unconfirmed" ? texts.unconfirmed : texts.retrying
            );
            return false;
          }
        );
      });
    });
    chain.then(function (ok) {
      sending = false;
      showCount();
      if (!ok) {
        scheduleRetry();
        return;
      }
      if (unsentCount() > 0) {
        flush(); // Something changed while we were sending.
        return;
      }
      if (goNextWhenSaved && form.dataset.nextUrl) {
        window.location.assign(form.dataset.nextUrl);
      }
    });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(enqueue, DEBOUNCE_MS);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(debounceTimer);
    enqueue();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(debounceTimer);
    goNextWhenSaved = Boolean(
      event.submitter && event.submitter.name === form.dataset.saveAndNext
    );
    enqueue();
  });
  window.addEventListener("online", flush);
  window.addEventListener("beforeunload", function (event) {
    if (unsentCount() > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  showCount();
  flush();
})();
