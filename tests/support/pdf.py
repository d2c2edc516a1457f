"""Reading a PDF as its reader would: its text (poppler's pdftotext) and its QR code (zbarimg)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: Path, *options: str) -> str:
    """The text of ``pdf`` (UTF-8), with extra pdftotext ``options`` such as ``-layout``."""
    return subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def scanned_qr_code(pdf: Path) -> str:
    """What a phone reads from the QR code on the first page of ``pdf`` (rendered at 150 dpi)."""
    page = pdf.with_name(pdf.stem + "-page")
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(page)], check=True
    )
    return subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page.with_suffix(".png"))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
