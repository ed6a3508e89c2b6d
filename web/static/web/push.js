/* Taskforce, notification settings: subscribe this device to Web Push.
   The page gives the server's VAPID public key and the address to post the subscription
   to (POST {"endpoint", "keys": {"p256dh", "auth"}} with the session and its CSRF token).
   Without a key, a service worker or the Push API, the button stays hidden. */
(function () {
  "use strict";
  var form = document.querySelector("form.push-subscribe");
  if (!form) {
    return;
  }
  var button = form.querySelector("button");
  var status = form.querySelector(".push-status");
  var key = form.dataset.vapidKey;

  function say(name) {
    status.textContent = status.dataset[name] || "";
  }

  if (!key) {
    return;
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    say("unsupported");
    return;
  }

  /* The key as the Push API takes it: URL-safe base64 to bytes. */
  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function bytesBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i += 1) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function send(subscription) {
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    var body = {
      endpoint: subscription.endpoint,
      keys: {
        p256dh: bytesBase64(subscription.getKey("p256dh")),
        auth: bytesBase64(subscription.getKey("auth"))
      }
    };
    return fetch(form.dataset.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrf ? csrf.value : ""
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
    });
  }

  function subscribe() {
    button.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          say("denied");
          return null;
        }
        return navigator.serviceWorker.register(form.dataset.worker)
          .then(function () { return navigator.serviceWorker.ready; })
          .then(function (registration) {
            return registration.pushManager.getSubscription().then(function (existing) {
              return existing || registration.pushManager.subscribe({
                userVisibleOnly: true,
                applicationServerKey: keyBytes(key)
              });
            });
          })
          .then(send)
          .then(function () { say("done"); });
      })
      .catch(function () { say("failed"); })
      .then(function () { button.disabled = false; });
  }

  button.hidden = false;
  button.addEventListener("click", subscribe);
})();
