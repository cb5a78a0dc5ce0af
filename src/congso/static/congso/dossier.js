/* Congso: the online dossier form. Everything works without this file; with it:
   - what is typed is autosaved to the server a moment after each change,
   - and kept in this browser (localStorage) so a dropped connection or a reload loses nothing,
   - each chosen file is uploaded at once, on its own, with its own message,
   - a submit button cannot be pressed twice. */
(function () {
  "use strict";
  var form = document.getElementById("dossier-form");
  if (!form) return;
  var status = document.getElementById("autosave-status");
  var isDraft = form.hasAttribute("data-saved-at");
  var key = "congso:dossier:" + form.getAttribute("data-dossier");
  var timer = null;

  function msg(name, fallback) { return form.getAttribute("data-msg-" + name) || fallback; }

  function say(text) { if (status) status.textContent = text; }

  function typedFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "button" && el.type !== "hidden";
    });
  }

  function snapshot() {
    var values = {};
    typedFields().forEach(function (el) {
      if (el.type === "checkbox") values[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    });
    return values;
  }

  function keepLocally() {
    try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: snapshot() })); } catch (e) { /* private mode */ }
  }

  function withoutFiles() {
    var data = new FormData(form);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (el) { data.delete(el.name); });
    return data;
  }

  function autosave() {
    var data = withoutFiles();
    data.set("action", "autosave");
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (body) {
        say(body.message);
        try { localStorage.setItem(key, JSON.stringify({ at: Date.parse(body.saved_at), values: snapshot() })); } catch (e) { /* ignore */ }
      })
      .catch(function () {
        say(msg("offline", "Chưa lưu được lên máy chủ (mất kết nối?). Nội dung vẫn được giữ trên máy này và sẽ lưu lại khi có mạng."));
      });
  }

  if (isDraft) {
    // Restore what was typed here after the last save the server knows of.
    try {
      var kept = JSON.parse(localStorage.getItem(key) || "null");
      var savedAt = Date.parse(form.getAttribute("data-saved-at"));
      if (kept && kept.at > savedAt + 1000) {
        var restored = 0;
        typedFields().forEach(function (el) {
          if (!(el.name in kept.values)) return;
          var v = kept.values[el.name];
          if (el.type === "checkbox") { if (el.checked !== v) { el.checked = v; restored++; } }
          else if (el.type === "radio") { if ((el.value === v) !== el.checked) { el.checked = el.value === v; restored++; } }
          else if (el.value !== v) { el.value = v; restored++; }
        });
        if (restored) {
          say(msg("restored", "Đã khôi phục nội dung bạn nhập trên máy này nhưng chưa kịp lưu; đang lưu lại…"));
          autosave();
        }
      }
    } catch (e) { /* ignore a broken copy */ }

    form.addEventListener("input", function (event) {
      if (event.target.type === "file") return;
      keepLocally();
      clearTimeout(timer);
      timer = setTimeout(autosave, 1500);
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "file") return;
      keepLocally();
      clearTimeout(timer);
      timer = setTimeout(autosave, 500);
    });
    window.addEventListener("online", autosave);
  }

  // Upload each chosen file at once, with the typed fields, and tell how it went next to it.
  Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var box = input.parentNode;
      var note = box.querySelector(".upload-note") || document.createElement("p");
      note.className = "upload-note help";
      note.setAttribute("role", "status");
      box.appendChild(note);
      var data = withoutFiles();
      Array.prototype.forEach.call(input.files, function (f) { data.append(input.name, f); });
      data.set("action", isDraft ? "save" : "upload");
      note.textContent = msg("uploading", "Đang tải lên…");
      fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (res.ok) { keepLocally(); window.location.reload(); return; }
          note.className = "upload-note error";
          note.textContent = res.body.errors ? res.body.errors.join(" ") : res.body.message;
          input.value = "";
        })
        .catch(function () {
          note.className = "upload-note error";
          note.textContent = msg("upload-offline", "Mất kết nối: tệp chưa được tải lên. Vui lòng chọn lại tệp khi có mạng. Nội dung đã nhập vẫn được giữ.");
          input.value = "";
        });
    });
  });

  // One press of a submit button: a second one within 15 s is ignored.
  form.addEventListener("submit", function (event) {
    if (form.dataset.sending === "1") { event.preventDefault(); return; }
    var button = event.submitter;
    if (button && button.hasAttribute("data-once")) {
      form.dataset.sending = "1";
      setTimeout(function () { form.dataset.sending = ""; }, 15000);
    }
  });
})();
