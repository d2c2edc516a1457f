"""Hostile Markdown renders inert everywhere authors can write it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from course_engine.content import SingleChoice, load_catalog, render_markdown
from course_engine.content.markdown import ALLOWED_TAGS

from .conftest import VALID, edit

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">raw link</a>',
    "[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[entity](&#106;avascript:alert(1)) <javascript:alert(1)>",
    "![img](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz4=)",
    "<svg onload=alert(1)><circle/></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style> <p style="color:red">styled</p>',
    "<object data=x></object><embed src=x>",
    "<b <i>broken <div",
    "{{7*7}} {% if x %}",
]
CORPUS = "\n\n".join(HOSTILE)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((name, value or "") for name, value in attrs)


def assert_inert(html: str) -> None:
    collector = _Collector()
    collector.feed(html)
    assert set(collector.tags) <= ALLOWED_TAGS, collector.tags
    for name, value in collector.attrs:
        assert not name.startswith("on"), name
        assert name != "style"
        if name in ("href", "src"):
            assert not value.strip().lower().startswith(BAD_SCHEMES), value
    for tag in ("script", "iframe", "svg", "object", "embed", "style"):
        assert tag not in collector.tags


def test_render_markdown_escapes_hostile_html() -> None:
    html = render_markdown(CORPUS)
    assert_inert(html)
    assert "&lt;script&gt;" in html
    assert "{{7*7}}" in html


def test_inline_rendering_escapes_hostile_html() -> None:
    assert_inert(render_markdown(" ".join(HOSTILE), inline=True))


def test_data_image_without_resolver_loses_its_source() -> None:
    html = render_markdown("![x](data:image/png;base64,AAAA)")
    assert "data:" not in html
    assert_inert(html)


def test_hostile_module_body_prompt_and_choice_load_inert(root: Path) -> None:
    edit(root, "modules/demo/02-practice.md", "Practice makes perfect.", CORPUS)
    block = "\n".join("      " + line for line in CORPUS.splitlines())
    edit(root, "quizzes/demo/posttest.yaml", "prompt: Who do you tell?", f"prompt: |\n{block}")
    one_line = " ".join(HOSTILE).replace('"', '\\"')
    edit(root, "quizzes/demo/posttest.yaml", "text: Nobody", f'text: "{one_line}"')
    catalog = load_catalog(root)
    course = catalog.course("demo")
    assert course is not None
    page = course.modules[1].pages[0].html
    question = course.quiz("posttest").question("q2")  # type: ignore[union-attr]
    assert isinstance(question, SingleChoice)
    for html in (page, question.prompt_html, question.choices[1].html):
        assert_inert(html)
        assert "{{7*7}}" in html


def test_answers_and_feedback_never_reach_pages_or_prompts() -> None:
    catalog = load_catalog(VALID)
    course = catalog.course("demo")
    assert course is not None
    question = course.quiz("check-practice").question("first-step")  # type: ignore[union-attr]
    assert isinstance(question, SingleChoice)
    secrets = ["Listening comes first", "Yes, listen first", "Not yet", "correct"]
    shown = [p.html for m in course.modules for p in m.pages]
    shown += [question.prompt_html, *(c.html for c in question.choices)]
    for html in shown:
        for secret in secrets:
            assert secret not in html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:!()[]{}#*_`-|~ \naj&;ors")), max_size=80))
def test_any_text_renders_to_allowed_tags_only(text: str) -> None:
    assert_inert(render_markdown(text))
