"""Browser checks for WCAG 2.2 criteria axe-core does not test: reflow (1.4.10), focus not
obscured (2.4.11) and target size (2.5.8). Each returns what failed, so a test can list it."""

from __future__ import annotations

from typing import Any

#: Elements a pointer or the keyboard can operate.
TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex='0']"

#: 2.5.8: each target's box is 24 by 24 CSS px, unless it is a link inside a line of text, or
#: the browser's own control hidden under USWDS's drawn one (the label is then the target).
SMALL_TARGETS = """(selector) => {
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || style.visibility === "hidden") continue;
    if (r.right + window.scrollX <= 0) continue;  // moved off-screen: its label is the target
    if (r.width >= 24 && r.height >= 24) continue;
    if (el.tagName === "A" && style.display === "inline") {
      const block = el.parentElement.closest("p, li, dd, td, th, figcaption, span, div");
      if (block && block.textContent.trim().length > el.textContent.trim().length) continue;
    }
    if (el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      if (l.width >= 24 && l.height >= 24) continue;
    }
    const name = (el.textContent || el.name || "").trim().slice(0, 40);
    const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
    small.push(`${el.tagName.toLowerCase()} "${name}" ${size}`);
  }
  return small;
}"""

#: 2.4.11: the focused element is not entirely hidden by content the author placed over it
#: (a sticky header, a fixed footer): some point of its box shows it, or something inside it.
OBSCURED = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  let r = el.getBoundingClientRect();
  if (r.right + window.scrollX <= 0 && el.labels && el.labels.length) {
    el = el.labels[0];  // USWDS draws checkboxes and radios on the label; the input is off-screen
    r = el.getBoundingClientRect();
  }
  if (r.width <= 1 || r.height <= 1) return null;
  const w = window.innerWidth, h = window.innerHeight;
  const clamp = (v, most) => Math.min(Math.max(v, 0), most - 1);
  const xs = [r.left + 2, (r.left + r.right) / 2, r.right - 2].map(x => clamp(x, w));
  const ys = [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2].map(y => clamp(y, h));
  for (const x of xs) for (const y of ys) {
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === el || el.contains(hit))) return null;
  }
  return `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim().slice(0, 40)}"`;
}"""


def scrolls_sideways(tab: Any) -> bool:
    """True when something makes the page wider than the window (1.4.10 at 320 px)."""
    return bool(tab.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def small_targets(tab: Any) -> list[str]:
    """Targets under 24 by 24 CSS px that no exception covers (2.5.8)."""
    return list(tab.evaluate(SMALL_TARGETS, TARGETS))


def obscured_focus(tab: Any, stops: int = 60) -> list[str]:
    """Tab through the page (at most ``stops`` times); the elements focus hid behind others.

    Motion is reduced while it runs, so a skip link is measured where it stops, not mid-slide.
    """
    tab.emulate_media(reduced_motion="reduce")
    tab.evaluate("window.scrollTo(0, 0)")
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    hidden: list[str] = []
    for _ in range(stops):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement === document.body"):
            break
        found = tab.evaluate(OBSCURED)
        if found:
            hidden.append(found)
    tab.emulate_media(reduced_motion="no-preference")
    return hidden
