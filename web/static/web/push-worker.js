/* Taskforce's service worker: shows a pushed notification and opens its task when tapped.
   The payload is JSON: {"title", "body", "url"}; anything else shows as plain text. */
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (error) {
      data = { body: event.data.text() };
    }
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Taskforce", {
      body: data.body || "",
      data: { url: data.url || "/" },
      icon: "icon.svg"
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.openWindow(url));
});
