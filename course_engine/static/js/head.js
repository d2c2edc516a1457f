// Loaded before the page paints: tells the stylesheet that scripts run (the menu button works),
// so without JavaScript the main navigation stays in view instead of behind a dead "Menu" button.
document.documentElement.classList.add("js");
