"""Certificate templates are checked like other content: unknown keys, files, colours, lines."""

from __future__ import annotations

import shutil
from pathlib import Path

from course_engine.content import certificate_file as c
from course_engine.content import check_content
from course_engine.content import messages as m
from course_engine.content.certificate_file import BUNDLED_DIR

from .conftest import error, errors_of, write

TEMPLATE = "certificates/fancy.yaml"
BUNDLED = Path(__file__).resolve().parents[2] / "certificates"


def test_the_bundled_default_template_is_valid() -> None:
    catalog, errors = check_content(BUNDLED.parent)
    assert errors == []
    assert catalog is not None and "default" in catalog.templates


def test_a_complete_template_with_its_files_is_accepted(root: Path) -> None:
    shutil.copytree(BUNDLED_DIR / "fonts", root / "certificates/fonts")
    shutil.copytree(BUNDLED / "images", root / "certificates/images")
    write(root, TEMPLATE, (BUNDLED / "default.yaml").read_text(encoding="utf-8"))
    assert errors_of(root) == []


def test_unknown_keys_are_reported_with_a_suggestion(root: Path) -> None:
    write(root, TEMPLATE, "title: Fancy\ncolours:\n  primary: '#000'\nborder:\n  colour: text\n")
    assert errors_of(root) == [
        error(TEMPLATE, 2, m.UNKNOWN_KEY_SUGGEST.format(key="colours", suggestion="colors")),
        error(TEMPLATE, 5, m.UNKNOWN_KEY_SUGGEST.format(key="colour", suggestion="color")),
    ]


def test_missing_font_and_logo_files_are_reported(root: Path) -> None:
    write(root, TEMPLATE, "fonts:\n  regular: fonts/Missing.ttf\nlogo: images/logo.png\n")
    assert errors_of(root) == [
        error(
            TEMPLATE,
            2,
            c.MISSING_FILE.format(key="regular", path="fonts/Missing.ttf", folder="certificates"),
        ),
        error(
            TEMPLATE,
            3,
            c.MISSING_FILE.format(key="logo", path="images/logo.png", folder="certificates"),
        ),
    ]


def test_a_file_outside_the_certificates_folder_is_refused(root: Path) -> None:
    write(root, "secret.png", "not an image")
    write(root, TEMPLATE, "logo: ../secret.png\n")
    assert errors_of(root) == [
        error(TEMPLATE, 1, c.FILE_ESCAPES.format(key="logo", path="../secret.png"))
    ]


def test_font_files_must_be_truetype(root: Path) -> None:
    write(root, TEMPLATE, "fonts:\n  bold: fonts/Bold.woff\n")
    [found] = errors_of(root)
    assert found.line == 2 and "must name a font file" in found.message


def test_bad_colours_are_reported(root: Path) -> None:
    write(
        root,
        TEMPLATE,
        (
            "colors:\n  primary: navy\n"
            "border:\n  color: '#12345'\n"
            "layout:\n  name: {x: 1, y: 1, w: 10, h: 10, color: sparkly}\n"
        ),
    )
    errors = errors_of(root)
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (2, "'primary' must be a colour written #RRGGBB or #RGB (got 'navy')"),
        (4, "'color' must be a colour"),
        (6, "'color' must be a colour"),
    ]


def test_layout_elements_need_a_known_element_and_a_full_box(root: Path) -> None:
    write(
        root,
        TEMPLATE,
        (
            "texts:\n  motto: Learning together\n"
            "layout:\n"
            "  motto: {x: 10%, y: 90%, w: 80%, h: 4%, font: bold, align: middle}\n"
            "  heading: {x: 10%, y: 10%, w: wide}\n"
            "  sigature: {x: 1, y: 1, w: 1, h: 1}\n"
            "  qr: null\n"
        ),
    )
    errors = errors_of(root)
    align = m.MUST_BE_ONE_OF.format(key="align", choices="left, center, right")
    assert error(TEMPLATE, 4, align) in errors
    assert error(TEMPLATE, 5, c.BAD_LENGTH.format(key="w")) in errors
    assert error(TEMPLATE, 5, "layout element 'heading' is missing 'h'") in errors
    assert (
        error(
            TEMPLATE, 6, c.UNKNOWN_ELEMENT.format(name="sigature") + "; did you mean 'signature'?"
        )
        in errors
    )
    assert len(errors) == 4


def test_unknown_placeholders_are_reported(root: Path) -> None:
    write(root, TEMPLATE, "texts:\n  name: '{learner}'\n  course: 'In {course'\n")
    assert errors_of(root) == [
        error(
            TEMPLATE,
            2,
            c.UNKNOWN_PLACEHOLDER.format(
                name="learner", key="name", known=", ".join(c.PLACEHOLDERS)
            ),
        ),
        error(TEMPLATE, 3, c.BAD_PLACEHOLDERS.format(key="course")),
    ]


def test_page_size_and_orientation_are_choices(root: Path) -> None:
    write(root, TEMPLATE, "page_size: legal\norientation: sideways\n")
    assert [e.line for e in errors_of(root)] == [1, 2]


def test_a_deleted_font_is_noticed_on_reload(root: Path) -> None:
    write(root, "certificates/fonts/Serif.ttf", "")
    write(root, TEMPLATE, "fonts:\n  regular: fonts/Serif.ttf\n")
    assert errors_of(root) == []
    (root / "certificates/fonts/Serif.ttf").unlink()
    assert [e.line for e in errors_of(root)] == [2]


def test_the_bundled_template_names_a_generic_issuer_and_a_role_without_a_person() -> None:
    catalog, errors = check_content(BUNDLED.parent)
    assert errors == [] and catalog is not None
    template = catalog.templates["default"]
    assert template.issuer is not None and template.issuer.name == "the provider of this course"
    assert template.signatory == (None, "Course provider")
    assert template.data["signature_image"] is None
    settings = catalog.courses["heart-collaboration"].certificate
    assert settings is not None and settings.issuer == template.issuer
    assert (settings.signatory_name, settings.signatory_title) == (None, "Course provider")
    assert not (BUNDLED / "images" / "signature.svg").exists()


def test_a_template_issuer_and_signatory_apply_unless_the_course_names_its_own(
    root: Path,
) -> None:
    people = "issuer:\n  name: Example Institute\nsignatory:\n  title: Program lead\n"
    path = root / "certificates/standard.yaml"
    path.write_text(path.read_text(encoding="utf-8") + people, encoding="utf-8")
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    settings = catalog.courses["demo"].certificate
    assert settings is not None and settings.issuer is not None
    assert settings.issuer.name == "Example Institute"
    assert settings.signatory_name == "Dr. Ada Example"  # the course names its own signatory


def test_a_template_issuer_is_checked_like_a_course_issuer(root: Path) -> None:
    path = root / "certificates/standard.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "issuer:\n  url: not a url\nsignatory:\n  role: x\n",
        encoding="utf-8",
    )
    found = [e.message for e in errors_of(root)]
    assert m.MISSING_KEY.format(key="name") in found
    assert m.BAD_URL.format(key="url", value="not a url") in found
    assert any("'role'" in message for message in found)
