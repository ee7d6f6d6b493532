// The demo page's widget set-up. The Rasa address comes from the page server (data-rasa), never from the URL.
(function () {
  var rasa = document.currentScript.getAttribute("data-rasa");
  WebChat.default({
    selector: "#webchat",
    initPayload: "/greet",
    customData: { language: "nl" },
    socketUrl: rasa,
    socketPath: "/socket.io/",
    title: "Leerwijzer",
    subtitle: "Jouw weg naar een passend leertraject",
    inputTextFieldHint: "Typ je bericht...",
    showFullScreenButton: true,
    params: { storage: "session" },
    // The recommendation payload (JSON) is for programs; people read the text and the cards.
    customComponent: function () { return null; }
  }, null);
})();
