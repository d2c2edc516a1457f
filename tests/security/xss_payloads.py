"""Hostile strings, and the hostile copy of the bundled course they are written into."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.security.content_tree import SLUG, copy_content

#: Shows up as text wherever a payload was stored and shown; "XSS49" would mean it was evaluated.
TEMPLATE_MARKERS = ["XSS{{7*7}}", "XSS${7*7}", "XSS#{7*7}", "XSS{% raw %}", "XSS<%= 7*7 %>"]
PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '"><script>window.__xss=2;alert(2)</script>',
    "'><img src=x onerror=\"window.__xss=3;alert(3)\">",
    "<img src=x onerror=window.__xss=4;alert(4)//",
    '<svg onload="window.__xss=5;alert(5)"><script>window.__xss=5</script></svg>',
    '<iframe src="javascript:parent.__xss=6;alert(6)"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=7;alert(7)</script>"></iframe>',
    '<a href="javascript:window.__xss=8;alert(8)">x</a>'
    '<a href="data:text/html,<script>alert(8)</script>">y</a>',
    "<form id=location></form><img name=getElementById><form id=xssForm name=cookie></form>",
    '<details open ontoggle="window.__xss=9;alert(9)">d</details><body onload="alert(9)">',
    "</textarea></title></script><script>window.__xss=10;alert(10)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=11;alert(11)>",
    "javascript:window.__xss=12;alert(12)",
    "{{7*7}} ${7*7} {% raw %}",
]  # fmt: skip


def payload(index: int) -> str:
    """Payload ``index`` (wrapping around) followed by every template marker."""
    return PAYLOADS[index % len(PAYLOADS)] + " " + " ".join(TEMPLATE_MARKERS)


def _poison(value: Any, counter: list[int], here: bool = False) -> Any:
    """Append a payload to every string that sits under one of QUIZ_KEYS (recursively)."""
    if isinstance(value, dict):
        return {key: _poison(item, counter, key in QUIZ_KEYS) for key, item in value.items()}
    if isinstance(value, list):
        return [_poison(item, counter, here) for item in value]
    if isinstance(value, str) and here:
        counter[0] += 1
        return f"{value} {payload(counter[0])}"
    return value


QUIZ_KEYS = (
    "title",
    "prompt",
    "text",
    "feedback",
    "explanation",
    "left",
    "right",
    "items",
    "labels",
)


def hostile_course(target: Path) -> Path:
    """The bundled course with payloads in titles, bodies, prompts, choices, feedback, ..."""
    root = copy_content(target)
    course_dir = root / "modules" / SLUG
    course_file = course_dir / "course.yaml"
    course = yaml.safe_load(course_file.read_text(encoding="utf-8"))
    course["title"] += " " + payload(0)
    course["summary"] += "\n\n" + payload(1) + "\n"
    course["objectives"][0] += " " + payload(2)
    course_file.write_text(yaml.safe_dump(course, allow_unicode=True), encoding="utf-8")
    for module in sorted(course_dir.glob("0*.md")):
        text = module.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        head = head.replace('title: "', f"title: {json.dumps(payload(3))[:-1]} ", 1)
        body = hostile_markdown() + "\n" + body
        module.write_text(head + "\n---\n" + body, encoding="utf-8")
    for handout in sorted((course_dir / "handouts").glob("*.md")):
        head, body = handout.read_text(encoding="utf-8").split("\n---\n", 1)
        head = head.replace('title: "', f"title: {json.dumps(payload(3))[:-1]} ", 1)
        head = head.replace('summary: "', f"summary: {json.dumps(payload(2))[:-1]} ", 1)
        head = head.replace('source: "', f"source: {json.dumps(payload(1))[:-1]} ", 1)
        handout.write_text(head + "\n---\n" + hostile_markdown() + "\n" + body, encoding="utf-8")
    counter = [0]
    for quiz_file in sorted((root / "quizzes" / SLUG).glob("*.yaml")):
        quiz = yaml.safe_load(quiz_file.read_text(encoding="utf-8"))
        quiz = _poison(quiz, counter)
        # A translation (name.es.yaml) holds text only: it follows its original's settings.
        if quiz.get("kind") != "survey" and len(quiz_file.suffixes) == 1:
            quiz["reveal_answers"] = "always"  # result pages show every explanation and key
        quiz_file.write_text(yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8")
    return root


def hostile_markdown() -> str:
    """Markdown whose headings, paragraphs, alt texts and link titles carry payloads."""
    lines = [f"## Heading {payload(4)}", ""]
    lines += [payload(n) for n in range(len(PAYLOADS))]
    lines += [
        "",
        f"![{payload(5)}](assets/csmhm-four-parts.svg \"{payload(6).replace(chr(34), '')}\")",
        "",
        f"[A download {payload(7)}](handouts/glossary.md)",
        "",
        "[run](javascript:window.__xss=13;alert(13))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "",
        f"> {payload(8)}",
        "",
        f"`{payload(9)}`",
        "",
    ]  # fmt: skip
    return "\n".join(lines)
