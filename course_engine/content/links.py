"""Checking and rewriting the links and images of one course's Markdown."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from course_engine.content import messages
from course_engine.content.errors import Sink
from course_engine.content.markdown import UrlResolver

MODULE_LINK_RE = re.compile(r"^(?:\./)?([0-9]+-[A-Za-z0-9_-]+\.md)$")
HANDOUT_LINK_RE = re.compile(r"^(?:\./)?handouts/([A-Za-z0-9][A-Za-z0-9_-]*)\.(md|pdf)$")
LINK_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = {"https"}


@dataclass(frozen=True)
class CourseLinks:
    """What a course's links may point at, and the URLs they become."""

    course: str
    module_files: Mapping[str, str]  #: file name -> module id
    assets: frozenset[str]  #: asset paths relative to assets/, POSIX style
    module_url: str
    asset_url: str
    handouts: frozenset[str] = frozenset()  #: handout ids (file names under handouts/)
    handout_url: str = "/courses/{course}/handouts/{handout}"

    def key(self) -> Hashable:
        """A cache key: rendered Markdown stays valid while this is unchanged."""
        files = tuple(sorted(self.module_files.items()))
        urls = (self.module_url, self.asset_url, self.handout_url)
        return (self.course, files, self.assets, self.handouts, urls)

    def resolver(self, sink: Sink) -> UrlResolver:
        """A resolver that reports problems into ``sink``."""

        def resolve(url: str, *, image: bool, alt: str, line: int) -> str | None:
            if image:
                return self._image(url, alt, line, sink)
            return self._link(url, line, sink)

        return resolve

    def _image(self, url: str, alt: str, line: int, sink: Sink) -> str | None:
        if not alt.strip():
            sink.add(line, messages.EMPTY_ALT.format(target=url))
        parts = urlsplit(url)
        if parts.scheme in IMAGE_SCHEMES and parts.netloc:
            return url
        if not parts.scheme and not parts.netloc:
            local = self._local(parts.path, line, sink, require_asset=True)
            if local is not None:
                return local
            return None
        sink.add(line, messages.BAD_IMAGE_SOURCE.format(target=url))
        return None

    def _link(self, url: str, line: int, sink: Sink) -> str | None:
        parts = urlsplit(url)
        if url.startswith("#"):
            return url
        if parts.scheme in LINK_SCHEMES and (parts.netloc or parts.scheme == "mailto"):
            return url
        if parts.scheme or parts.netloc:
            sink.add(line, messages.BAD_LINK_TARGET.format(target=url))
            return None
        if match := MODULE_LINK_RE.match(unquote(parts.path)):
            module_id = self.module_files.get(match.group(1))
            if module_id is None:
                sink.add(line, messages.MISSING_MODULE_LINK.format(target=match.group(1)))
                return None
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return self.module_url.format(course=self.course, module=module_id) + fragment
        if match := HANDOUT_LINK_RE.match(unquote(parts.path)):
            return self._handout(match.group(1), match.group(2), parts.fragment, line, sink)
        return self._local(parts.path, line, sink, require_asset=False)

    def _handout(self, handout: str, ext: str, fragment: str, line: int, sink: Sink) -> str | None:
        """A handout's printable page (``.md``) or its PDF (``.pdf``)."""
        if handout not in self.handouts:
            sink.add(line, messages.MISSING_HANDOUT_LINK.format(target=f"handouts/{handout}.{ext}"))
            return None
        url = self.handout_url.format(course=self.course, handout=handout)
        if ext == "pdf":
            return url + ".pdf"
        return url + (f"#{fragment}" if fragment else "")

    def _local(self, path: str, line: int, sink: Sink, *, require_asset: bool) -> str | None:
        path = path.removeprefix("./")
        decoded = unquote(path)
        pure = PurePosixPath(decoded)
        if decoded.startswith("/") or ".." in pure.parts:
            sink.add(line, messages.PATH_ESCAPES.format(target=decoded))
            return None
        if not pure.parts or pure.parts[0] != "assets" or len(pure.parts) < 2:
            if require_asset:
                sink.add(line, messages.BAD_IMAGE_SOURCE.format(target=decoded))
            else:
                sink.add(line, messages.BAD_LINK_TARGET.format(target=decoded))
            return None
        relpath = "/".join(pure.parts[1:])
        if relpath not in self.assets:
            sink.add(line, messages.MISSING_ASSET.format(target=decoded))
            return None
        encoded = path.split("/", 1)[1] if "/" in path else path
        return self.asset_url.format(course=self.course, path=encoded.lstrip("/"))
