"""The words of a report: Jinja2 macros from the package, overridable from a workspace's templates/."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from scrutiny.notes import SOURCES
from scrutiny.words import number_word, plural_of


def counted(n: int, noun: str, many: str | None = None) -> str:
    """``three meetings``, ``one data set``: a count in words (below ten) and its noun."""
    return f"{number_word(n)} {noun if n == 1 else (many or plural_of(noun))}"


WORDING_TEMPLATE = "wording.j2"


def join_list(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (no Oxford comma)."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def possessive(name: str) -> str:
    """``Havering's``; ``Partners'`` for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


class TemplateProblem(Exception):
    """A report template that cannot be used: where it went wrong, for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _template_line(exc: BaseException, env: Environment, name: str) -> int | None:
    """The line of template ``name`` the error arose on, from the traceback.

    Jinja rewrites the traceback of ``render()`` to show template lines, but not of a
    template's ``module``; there the generated code's line is mapped back here.
    """
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    try:
        template = env.get_template(name)
    except TemplateError:
        return None
    line = None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename == template.filename:
            if "__jinja_exception__" in frame.f_globals:  # already a template line
                line = tb.tb_lineno
            else:
                line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def template_problem(
    exc: TemplateError, env: Environment, name: str, workspace_root: Path | None = None
) -> TemplateProblem:
    """``templates/wording.j2:3: error: ...`` for a template that failed to load or render.

    Templates are data from a workspace that may come from someone else: they render in
    Jinja's sandbox, and reaching for Python internals is one of the errors reported here.
    """
    filename = getattr(exc, "filename", None)
    if filename is None and workspace_root is not None:
        candidate = workspace_root / "templates" / name
        filename = str(candidate) if candidate.is_file() else None
    if filename is None:
        where = f"{name} (built in)"
    else:
        path = Path(filename)
        try:
            where = path.resolve().relative_to(workspace_root.resolve()).as_posix()  # type: ignore[union-attr]
        except (ValueError, AttributeError):
            where = f"templates/{path.name}" if workspace_root else path.name
    line = _template_line(exc, env, name)
    message = str(exc.message or exc).split("\n")[0]
    if type(exc).__name__ == "SecurityError":
        message = f"{message} (templates may only use the values given to them)"
    at = f"{where}:{line}" if line else where
    return TemplateProblem(f"{at}: error: {message}")


def environment(workspace_root: Path | None = None) -> Environment:
    """Templates from ``<workspace>/templates`` first, then the package's own, sandboxed."""
    loaders: list[Any] = []
    if workspace_root is not None and (workspace_root / "templates").is_dir():
        loaders.append(FileSystemLoader(workspace_root / "templates"))
    loaders.append(PackageLoader("scrutiny.report", "templates"))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    from scrutiny.report.markdown import escape
    from scrutiny.words import long_date, shorten

    env.filters.update(
        join_list=join_list,
        possessive=possessive,
        number_word=number_word,
        counted=counted,
        md=lambda text: escape(str(text)),
        long_date=long_date,
        shorten=lambda text, width=200: shorten(str(text), width),
    )
    return env


class Wording:
    """Calls the macros of ``wording.j2`` and returns their text on one line."""

    def __init__(self, workspace_root: Path | None = None) -> None:
        self.root = workspace_root
        self.env = environment(workspace_root)
        try:
            self._module = self.env.get_template(WORDING_TEMPLATE).module
        except TemplateError as exc:
            raise template_problem(exc, self.env, WORDING_TEMPLATE, workspace_root) from None

    def __call__(self, macro: str, *args: Any, **kwargs: Any) -> str:
        function = getattr(self._module, macro, None)
        if function is None:
            raise TemplateProblem(
                f"templates/{WORDING_TEMPLATE}: error: the macro {macro!r} is missing "
                "(copy it from the built-in template)"
            )
        try:
            text = str(function(*args, **kwargs))
        except TemplateError as exc:
            raise template_problem(exc, self.env, WORDING_TEMPLATE, self.root) from None
        except (TypeError, ValueError, LookupError, ArithmeticError, AttributeError) as exc:
            # A workspace's own macro that does not fit the values it is given.
            line = _template_line(exc, self.env, WORDING_TEMPLATE)
            at = f"{WORDING_TEMPLATE}:{line}" if line else WORDING_TEMPLATE
            where = f"templates/{at}" if self.root and (self.root / "templates").is_dir() else at
            raise TemplateProblem(
                f"{where}: error: the macro {macro!r} failed: {exc} (compare it with the "
                "built-in template: its arguments may have changed)"
            ) from None
        return re.sub(r"\s+", " ", text).strip()


def activity_sentence(
    counts: Mapping[str, int], period_from: str, period_to: str, wording: Wording | None = None
) -> str:
    """The sentence counting an area's activity by source, sources in their canonical order."""
    say = wording or Wording()
    phrases = [say("source_phrase", s, counts[s]) for s in SOURCES if counts.get(s)]
    return say("activity_sentence", period_from, period_to, phrases)
