"""Benchmark: rendering certificate PDFs, one at a time and 1,000 into a ZIP.

Run: python -m bench.certificates [--renders 50] [--zip-count 1000]
Baselines measured in the same run: an fpdf2 page with one line in a core font, and an fpdf2
page with one line in each of the certificate's three TrueType fonts (the font floor: parsing
and subsetting fonts is most of a certificate's cost).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fpdf import FPDF

from course_engine.certificates.design import design_for
from course_engine.certificates.document import PdfJob, pdf_job, render_job, write_zip
from course_engine.content import load_catalog
from course_engine.models import Certificate

ROOT = Path(__file__).resolve().parent.parent
#: A signed Open Badges credential of typical size, attached to every PDF as issued ones are.
CREDENTIAL = json.loads((ROOT / "bench" / "credential-sample.json").read_text(encoding="utf-8"))
NAMES = ["Nguyễn Thị Minh Khai", "Zoë Ångström-Łukasiewicz", "Дмитрий Иванов", "Ελένη Παπαδοπούλου"]


def median_ms(work: Callable[[int], bytes], runs: int) -> float:
    """Median wall time of ``work(i)`` in milliseconds (after one warm-up call)."""
    return medians_ms(work, runs)[0]


def medians_ms(work: Callable[[int], bytes], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of ``work(i)`` in ms (CPU time: what a busy machine inflates
    least, since waiting for a CPU another process holds is not counted)."""
    work(0)
    walls, cpus = [], []
    for number in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        work(number)
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (the ZIP's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_line_page(_number: int) -> bytes:
    """Baseline: the cheapest fpdf2 document, one line of text in a core font."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Certificate of Completion")
    return bytes(pdf.output())


def font_floor(fonts: dict[str, Path]) -> Callable[[int], bytes]:
    """Baseline: one line in each of the certificate's fonts (load, subset, embed)."""
    styles = {"regular": "", "bold": "B", "italic": "I"}

    def render(number: int) -> bytes:
        pdf = FPDF(orientation="landscape", format="letter")
        for style, path in fonts.items():
            pdf.add_font("floor", styles[style], str(path))
        pdf.add_page()
        for style in fonts:
            pdf.set_font("floor", styles[style], 20)
            pdf.cell(text=NAMES[number % len(NAMES)], new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    return render


def record(number: int) -> Certificate:
    """A certificate as stored (not saved anywhere)."""
    completed = datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(hours=number)
    return Certificate(
        id=number + 1,
        serial=f"HEART-2026-{number + 1:06d}",
        verification_code=f"bench{number:019d}",
        learner_name=NAMES[number % len(NAMES)],
        course_title="Schools and Health Centers Together: Collaborating on Student Mental "
        "Health and Trauma",
        course_version="1",
        hours=2.0,
        template="default",
        completed_at=completed,
        expires_on=date(2029, 1, 1),
        issued_at=completed,
        signatory_name="Dr. Renata A. Whitcomb",
        signatory_title="Director, HEART Collective Learning Programs",
        issuer={"name": "HEART Collective", "accreditation": None},
        credential=CREDENTIAL,
    )


def main() -> None:
    """Print median ms per PDF, the baselines and ratios, and the 1,000-PDF ZIP time."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--zip-count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    template = load_catalog(ROOT).templates["default"]
    folder = ROOT / "certificates"
    fonts = dict(design_for(template, folder).fonts)

    def job(certificate: Certificate) -> PdfJob:
        url = f"https://learn.example.org/verify/{certificate.verification_code}"
        return pdf_job(certificate, template, folder, url)

    def render(certificate: Certificate) -> bytes:
        return render_job(job(certificate))

    baseline, baseline_cpu = medians_ms(one_line_page, args.renders)
    floor, floor_cpu = medians_ms(font_floor(fonts), args.renders)
    certificate, certificate_cpu = medians_ms(lambda n: render(record(n)), args.renders)
    print(f"baseline (fpdf2, one line, core font): {baseline:8.2f} ms  (CPU {baseline_cpu:.2f})")
    print(f"font floor (one line in each of 3 TTF fonts): {floor:8.2f} ms  (CPU {floor_cpu:.2f})")
    print(
        f"certificate PDF, median of {args.renders}: {certificate:8.2f} ms  "
        f"(CPU {certificate_cpu:.2f})"
    )
    print(
        f"ratio to baseline: {certificate / baseline:.1f}x; "
        f"to font floor: {certificate / floor:.2f}x (CPU {certificate_cpu / floor_cpu:.2f}x)"
    )

    with tempfile.TemporaryDirectory() as folder_name:
        target = Path(folder_name) / "export.zip"
        start, cpu = time.perf_counter(), cpu_seconds()
        jobs = [job(record(n)) for n in range(args.zip_count)]
        count = write_zip(target, jobs, args.workers)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        size = target.stat().st_size / 1e6
    print(
        f"ZIP export of {count} certificates, {args.workers} processes: {seconds:.1f} s "
        f"({size:.1f} MB, {seconds / count * 1000:.1f} ms each); CPU {cpu:.1f} s in all, "
        f"{cpu / args.workers:.1f} s per process"
    )


if __name__ == "__main__":
    main()
