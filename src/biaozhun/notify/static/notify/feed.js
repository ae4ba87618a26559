// Live notification feed: server-sent events from /notifications/stream/.
// Updates the header badge (#feed-badge), shows a toast for each new notification and, on
// the inbox page, adds the item to the top of the list. The browser's EventSource resumes
// after the last event id on reconnect; the inbox page passes the newest id it rendered.
(function () {
  "use strict";
  if (!window.EventSource || window.__biaozhunFeed) return;
  window.__biaozhunFeed = true;
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var badge = document.getElementById("feed-badge");
  var list = document.querySelector("[data-testid=inbox-list]");
  var live = document.getElementById("feed-live-items");
  var url = "/notifications/stream/";
  if (list && list.dataset.lastId) url += "?last=" + encodeURIComponent(list.dataset.lastId);
  var labels = {
    red: ["红色", "Red", "bg-red text-red-fg"],
    orange: ["橙色", "Orange", "bg-orange text-orange-fg"],
    yellow: ["黄色", "Yellow", "bg-yellow text-yellow-fg"],
    info: ["提示", "Info", "bg-azure-lt"]
  };

  function setBadge(n) {
    if (!badge) return;
    n = Number(n) || 0;
    badge.textContent = String(n);
    badge.hidden = !(n > 0);
    badge.title = english ? n + " unread" : n + " 条未读";
    var inboxCount = document.querySelector("[data-testid=inbox-unread]");
    if (inboxCount) inboxCount.textContent = String(n);
  }

  function urgencyBadge(u) {
    var l = labels[u] || labels.info;
    var span = document.createElement("span");
    span.className = "badge " + l[2];
    span.textContent = english ? l[1] : l[0];
    return span;
  }

  function toastBox() {
    var box = document.getElementById("feed-toasts");
    if (!box) {
      box = document.createElement("div");
      box.id = "feed-toasts";
      box.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2000;max-width:24rem";
      document.body.appendChild(box);
    }
    return box;
  }

  function toast(n) {
    var a = document.createElement("a");
    a.href = n.url;
    a.className = "alert alert-important d-block mb-2 shadow " +
      (n.urgency === "red" ? "alert-danger" : n.urgency === "orange" ? "alert-warning" : "alert-info");
    a.setAttribute("data-testid", "feed-toast");
    a.setAttribute("role", "status");
    a.appendChild(urgencyBadge(n.urgency));
    var text = document.createElement("span");
    text.className = "ms-2";
    text.textContent = english ? (n.title_en || n.title_zh) : n.title_zh;
    a.appendChild(text);
    toastBox().appendChild(a);
    setTimeout(function () { a.remove(); }, n.urgency === "red" ? 30000 : 10000);
  }

  function addToList(n) {
    if (!live) return;
    var empty = document.querySelector("[data-testid=inbox-empty]");
    if (empty) empty.remove();
    var a = document.createElement("a");
    a.href = n.url;
    a.className = "list-group-item list-group-item-action fw-bold";
    a.setAttribute("data-testid", "inbox-item");
    a.dataset.id = n.id;
    a.appendChild(urgencyBadge(n.urgency));
    var text = document.createElement("span");
    text.className = "ms-2";
    text.textContent = english ? (n.title_en || n.title_zh) : n.title_zh;
    a.appendChild(text);
    live.insertBefore(a, live.firstChild);
  }

  var source = new EventSource(url);
  source.addEventListener("open", function () { document.body.dataset.feed = "live"; });
  source.addEventListener("error", function () { document.body.dataset.feed = "reconnecting"; });
  source.addEventListener("hello", function (e) {
    try { setBadge(JSON.parse(e.data).unread); } catch (err) { /* ignore */ }
  });
  source.addEventListener("notification", function (e) {
    var n;
    try { n = JSON.parse(e.data); } catch (err) { return; }
    setBadge(n.unread);
    toast(n);
    addToList(n);
  });
})();
