/* Taking an exam: answers are saved as they are given (batched), the timer follows the server.
   Without this script the page still works: the form's buttons save, move and submit. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) return;
  var d = form.dataset;
  var statusEl = document.getElementById("save-status");
  var timerEl = document.getElementById("timer");
  var countEl = document.getElementById("answered-count");
  var pending = {};
  var inflight = false;
  var flushTimer = null;
  var submitting = false;
  var end = Date.now() + parseInt(timerEl.dataset.remaining || "0", 10) * 1000;

  function setStatus(text, bad) {
    statusEl.textContent = text;
    statusEl.classList.toggle("save-bad", !!bad);
  }

  function valueOf(fs) {
    var type = fs.dataset.type;
    if (type === "multi") {
      var vals = Array.prototype.map.call(
        fs.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
      return vals.length ? vals : null;
    }
    if (type === "single" || type === "truefalse") {
      var c = fs.querySelector("input[type=radio]:checked");
      return c ? c.value : null;
    }
    var t = fs.querySelector("input[type=text]");
    return t && t.value.trim() ? t.value.trim() : null;
  }

  function markNav(slot, answered) {
    var link = document.querySelector('.question-nav a[data-slot="' + slot + '"]');
    if (link) link.classList.toggle("answered", answered);
    if (countEl) countEl.textContent = document.querySelectorAll(".question-nav a.answered").length;
  }

  function queue(fs, delay) {
    var value = valueOf(fs);
    pending[fs.dataset.slot] = value;
    markNav(fs.dataset.slot, value !== null);
    schedule(delay);
  }

  function schedule(ms) {
    clearTimeout(flushTimer);
    flushTimer = setTimeout(flush, ms);
  }

  function requeue(batch) {
    Object.keys(batch).forEach(function (k) { if (!(k in pending)) pending[k] = batch[k]; });
  }

  function flush() {
    if (inflight) { schedule(300); return Promise.resolve(false); }
    var keys = Object.keys(pending);
    if (!keys.length) return Promise.resolve(true);
    var batch = pending;
    pending = {};
    inflight = true;
    setStatus(d.msgSaving);
    return fetch(d.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: true,
      headers: { "Content-Type": "application/json", "X-Attempt-Token": d.token },
      body: JSON.stringify({ answers: batch })
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        inflight = false;
        if (r.ok) {
          setStatus(d.msgSaved + " " + body.saved_at);
          if (typeof body.remaining === "number") end = Date.now() + body.remaining * 1000;
          if (Object.keys(pending).length) schedule(200);
          return true;
        }
        if (r.status >= 500 || r.status === 429) {
          requeue(batch);
          setStatus(d.msgOffline, true);
          schedule(3000);
          return false;
        }
        setStatus(body.message || "", true);
        if (r.status === 409) setTimeout(function () { window.location.reload(); }, 2500);
        return false;
      });
    }).catch(function () {
      inflight = false;
      requeue(batch);
      setStatus(d.msgOffline, true);
      schedule(3000);
      return false;
    });
  }

  form.addEventListener("change", function (e) {
    var fs = e.target.closest("fieldset.question");
    if (fs) queue(fs, 400);
  });
  form.addEventListener("input", function (e) {
    var fs = e.target.closest("fieldset.question");
    if (fs && e.target.type === "text") queue(fs, 1200);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
  window.addEventListener("online", function () { flush(); });

  // Moving between questions: save first, then follow the link.
  document.querySelectorAll(".question-nav a").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (a.getAttribute("href").charAt(0) === "#") return;
      e.preventDefault();
      flush().then(function () { window.location.href = a.href; });
    });
  });

  form.addEventListener("submit", function (e) {
    if (submitting) return;
    var button = e.submitter;
    if (button && button.value === "submit") {
      var total = document.querySelectorAll(".question-nav a").length;
      var done = document.querySelectorAll(".question-nav a.answered").length;
      var text = d.msgConfirm + (total > done ? "\n" + d.msgUnanswered + " " + (total - done) : "");
      if (!window.confirm(text)) { e.preventDefault(); return; }
    }
    e.preventDefault();
    submitting = true;
    flush().then(function () {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "action";
      hidden.value = button ? button.value : "save";
      form.appendChild(hidden);
      form.submit();
    });
  });

  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timerEl.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    timerEl.classList.toggle("timer-low", left <= 60);
    if (left === 0 && !submitting) {
      submitting = true;
      setStatus(d.msgTimeup);
      flush().then(function () {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "action";
        hidden.value = "submit";
        form.appendChild(hidden);
        form.submit();
      });
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
