"""Per-course report pages: dashboard, knowledge gain, quiz item analysis, evaluation results."""

from __future__ import annotations

from math import ceil

from flask import Blueprint, abort, render_template, request, url_for
from markupsafe import Markup

from course_engine.admin.access import STAFF, roles_required
from course_engine.content import QuizKind
from course_engine.extensions import db
from course_engine.input_bounds import query_int
from course_engine.models import AccessRole
from course_engine.reports import dashboard as dashboard_numbers
from course_engine.reports import knowledge
from course_engine.reports.charts import Series, bar_chart
from course_engine.reports.evaluation import evaluation_results
from course_engine.reports.items import MIN_FOR_DISCRIMINATION, item_analysis
from course_engine.reports.objectives import objective_gains
from course_engine.reports.views import course_or_404, graded_quizzes, viewer

blueprint = Blueprint("course_reports", __name__, url_prefix="/admin/reports/courses")

#: Learners per page of the knowledge-gain table.
PER_PAGE = 50


@blueprint.get("/<slug>/dashboard")
@roles_required(*STAFF)
def dashboard(slug: str) -> str:
    """Enrolled, active, completed, the module funnel, median time, learners by group."""
    course = course_or_404(slug)
    numbers = dashboard_numbers.course_dashboard(db.session, course, viewer())
    funnel = bar_chart(
        "Learners who reached and who completed each module",
        [step.title for step in numbers.funnel],
        [
            Series("Reached", [step.reached for step in numbers.funnel]),
            Series("Completed", [step.completed for step in numbers.funnel]),
        ],
    )
    groups = [
        (title, counts, count_chart(title, counts))
        for title, counts in (
            ("Enrolments by role", numbers.by_role),
            ("Enrolments by organization kind", numbers.by_organization_kind),
            ("Enrolments by state", numbers.by_state),
        )
    ]
    return render_template(
        "reports/dashboard.html",
        course=course,
        numbers=numbers,
        funnel_chart=funnel,
        groups=groups,
        quizzes=graded_quizzes(course),
    )


def count_chart(title: str, counts: list[dashboard_numbers.Count]) -> Markup:
    """A bar per group."""
    return bar_chart(title, [c.label for c in counts], [Series(title, [c.value for c in counts])])


@blueprint.get("/<slug>/knowledge")
@roles_required(*STAFF)
def knowledge_gain(slug: str) -> str:
    """Pre-test against post-test: averages, per question, per learner."""
    course = course_or_404(slug)
    averages = knowledge.averages(db.session, course, viewer())
    page_number = max(1, request.args.get("page", 1, query_int))
    learners = knowledge.learner_gains(db.session, course, viewer(), page_number, PER_PAGE)
    tests = []
    for title, quiz_id, best in (
        ("Pre-test", course.pretest, False),
        ("Post-test (best attempt)", course.posttest, True),
    ):
        scores = knowledge.question_scores(db.session, course, quiz_id, viewer(), best=best)
        labels = [f"Q{s.number}. {s.prompt}" for s in scores]
        chart = bar_chart(
            f"{title}: percent correct per question",
            labels,
            [Series(title, [s.percent for s in scores])],
            maximum=100,
            unit="%",
        )
        tests.append((title, scores, chart))
    return render_template(
        "reports/knowledge.html",
        course=course,
        averages=averages,
        learners=learners,
        tests=tests,
        objectives=objective_gains(db.session, course, viewer()),
        page=page_number,
        pages=max(1, ceil(averages.both / PER_PAGE)),
        page_url=lambda number: url_for(".knowledge_gain", slug=slug, page=number),
    )


@blueprint.get("/<slug>/quizzes/<quiz_id>/items")
@roles_required(*STAFF)
def items(slug: str, quiz_id: str) -> str:
    """Item analysis of one graded quiz."""
    course = course_or_404(slug)
    quiz = course.quiz(quiz_id)
    if quiz is None or quiz.kind is QuizKind.SURVEY:
        abort(404)
    stats, attempts = item_analysis(db.session, course.slug, quiz, viewer())
    chart = bar_chart(
        "Percent correct per question",
        [f"Q{s.number}. {s.prompt}" for s in stats],
        [Series("Percent correct", [s.percent_correct for s in stats])],
        maximum=100,
        unit="%",
    )
    return render_template(
        "reports/items.html",
        course=course,
        quiz=quiz,
        stats=stats,
        attempts=attempts,
        chart=chart,
        min_attempts=MIN_FOR_DISCRIMINATION,
    )


@blueprint.get("/<slug>/evaluation")
@roles_required(AccessRole.ADMIN)
def evaluation(slug: str) -> str:
    """Likert distributions and free-text answers (anonymous, hence administrators only)."""
    course = course_or_404(slug)
    survey = course.quiz(course.evaluation) if course.evaluation else None
    if survey is None:
        abort(404)
    results = evaluation_results(db.session, course.slug, survey)
    charts = {
        result.question_id: bar_chart(
            result.prompt, list(result.labels), [Series("Responses", result.counts)]
        )
        for result in results.likert
    }
    return render_template(
        "reports/evaluation.html", course=course, survey=survey, results=results, charts=charts
    )
