"""Markdown to sanitized HTML: markdown-it-py with a fixed plugin set, then an nh3 allowlist."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: Callout kinds and their visible labels.
CALLOUTS = {"tip": "Tip", "note": "Note", "warning": "Warning", "reflect": "Reflect"}
#: Prefix of generated heading ids, so author text cannot clobber DOM globals.
HEADING_ID_PREFIX = "sec-"

ALLOWED_TAGS = {
    "a", "aside", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "s", "section", "strong", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "img": {"src", "alt", "title"},
    "aside": {"role"},
    "ol": {"start"},
    "li": {"id"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
ALLOWED_CLASSES = {
    "aside": {"callout", *(f"callout-{kind}" for kind in CALLOUTS)},
    "p": {"callout-label"},
    "hr": {"footnotes-sep"},
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "th": {"align-left", "align-center", "align-right"},
    "td": {"align-left", "align-center", "align-right"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_ALIGN_RE = re.compile(r"text-align:\s*(left|center|right)")


class UrlResolver(Protocol):
    """Checks and rewrites one link or image URL; returns the new URL or None to drop it."""

    def __call__(self, url: str, *, image: bool, alt: str, line: int) -> str | None: ...


def sanitize(html: str) -> str:
    """Clean rendered HTML with the explicit allowlist (no scripts, styles or event handlers)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _heading_slug(title: str) -> str:
    return HEADING_ID_PREFIX + (slugify(title) or "section")


def _callout_renderer(kind: str) -> Any:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        if token.nesting != 1:
            return "</aside>\n"
        custom = token.info.strip()[len(kind) :].strip()
        label = escapeHtml(custom or CALLOUTS[kind])
        return (
            f'<aside class="callout callout-{kind}" role="note">\n'
            f'<p class="callout-label">{label}</p>\n'
        )

    return render


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=_heading_slug)
    for kind in CALLOUTS:
        md.use(container_plugin, name=kind, render=_callout_renderer(kind))
    return md


_MD = _build()


def plain_text(inline: Token) -> str:
    """The visible text of an inline token (for page titles and alt text)."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(plain_text(child))
    return "".join(parts).strip()


def _rewrite(tokens: list[Token], resolve: UrlResolver | None, line_offset: int) -> None:
    line = line_offset + 1
    for token in tokens:
        if token.map:
            line = line_offset + token.map[0] + 1
        if token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            token.attrs.pop("style", None)
            if match := _ALIGN_RE.search(style):
                token.attrSet("class", f"align-{match.group(1)}")
        if token.type == "inline" and resolve is not None:
            _rewrite_inline(token.children or [], resolve, line)


def _rewrite_inline(children: list[Token], resolve: UrlResolver, line: int) -> None:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        attr = {"link_open": "href", "image": "src"}.get(child.type)
        if attr is None:
            continue
        url = str(child.attrGet(attr) or "")
        alt = plain_text(child) if child.type == "image" else ""
        new = resolve(url, image=child.type == "image", alt=alt, line=line)
        if new is None:
            child.attrs.pop(attr, None)
        else:
            child.attrSet(attr, new)


def render_page(
    text: str, *, resolve: UrlResolver | None = None, line_offset: int = 0
) -> tuple[str, str | None]:
    """Render one page; return (sanitized HTML, text of its first heading or None)."""
    env: dict[str, Any] = {}
    tokens = _MD.parse(text, env)
    title = None
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open":
            title = plain_text(tokens[index + 1]) or None
            break
    _rewrite(tokens, resolve, line_offset)
    html = _MD.renderer.render(tokens, _MD.options, env)
    return sanitize(html).strip(), title


def render_markdown(
    text: str,
    *,
    resolve: UrlResolver | None = None,
    line_offset: int = 0,
    inline: bool = False,
) -> str:
    """Render author Markdown to sanitized HTML; ``inline`` skips the paragraph wrapper."""
    env: dict[str, Any] = {}
    tokens = _MD.parseInline(text, env) if inline else _MD.parse(text, env)
    _rewrite(tokens, resolve, line_offset)
    html = _MD.renderer.render(tokens, _MD.options, env)
    return sanitize(html).strip()
