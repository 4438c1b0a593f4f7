"""The linting engine: files in, findings out. The CLI and the library share it.

    lint_paths(paths, ...)  -> LintResult    files and folders, in parallel with jobs > 1
    lint_report(report, ...) -> list[Finding] one parsed report, nothing read from disk

Per file: settings (config file + command line) -> read_report -> every enabled rule ->
severity overrides -> suppression comments -> fingerprints (for baselines). A file that cannot
be read becomes a FileResult with `error` set and the batch goes on. Results come back in a
fixed order (by path, then position) whatever the number of workers.

Heavy things (parsing machinery, the corpus model, last year's report) are made ready once per
process: in the parent before the pool forks, so forked workers inherit them, and in the
worker initialiser when the platform spawns instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrative_qa.errors import ModelError, NarrativeQAError, UsageError
from narrative_qa.linting.baseline import Baseline, fingerprint
from narrative_qa.linting.config import Overrides, Settings, clear_caches, settings_for
from narrative_qa.linting.suppressions import apply_suppressions
from narrative_qa.document.model import Report
from narrative_qa.document.readers import is_report_file
from narrative_qa.parallel import map_files
from narrative_qa.read_ahead import read_report_ahead, reading_ahead
from narrative_qa.rules.registry import Context, Finding, Rule, Severity, all_rules

UNUSED_SUPPRESSION = "X001"


@dataclass(slots=True)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # set when the file could not be read or parsed
    rule_errors: list[str] = field(default_factory=list)  # a rule that crashed (a bug, reported)
    lines: dict[int, str] = field(default_factory=dict)  # source lines the findings touch (for text output)
    fail_on: Severity = Severity.ERROR
    # What the batch comparison needs of this report (linting/batch_compare.py); set by the
    # worker, consumed and cleared by the parent before results are returned.
    signature: Any = None

    @property
    def failed(self) -> bool:
        """Something at or above this file's --fail-on level, or the file could not be checked."""
        if self.error or self.rule_errors:
            return True
        return any(finding.severity.rank >= self.fail_on.rank for finding in self.findings)


@dataclass(slots=True)
class LintResult:
    files: list[FileResult]
    notes: list[str] = field(default_factory=list)  # things the user should know (stderr)

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.files for finding in result.findings]

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(file, Chinese message) for every file that could not be checked fully."""
        found = []
        for result in self.files:
            if result.error:
                found.append((result.path, result.error))
            found.extend((result.path, message) for message in result.rule_errors)
        return found

    @property
    def files_checked(self) -> int:
        return sum(1 for result in self.files if result.error is None)

    @property
    def files_unreadable(self) -> int:
        return sum(1 for result in self.files if result.error is not None)

    def failed(self, fail_on: Severity | None = None) -> bool:
        if fail_on is None:
            return any(result.failed for result in self.files)
        return any(
            result.error or result.rule_errors or any(f.severity.rank >= fail_on.rank for f in result.findings)
            for result in self.files
        )


# ---------------------------------------------------------------- files


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files to lint: files as given, folders searched recursively (hidden ones skipped).

    A path that does not exist is a usage error: a typo must not pass as "no problems".
    """
    found: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for candidate in _walk(path):
                found.setdefault(str(candidate), candidate)
        elif path.exists():
            found.setdefault(str(path), path)
        else:
            raise UsageError(f"路径不存在：{given}")
    if not found:
        raise UsageError("没有找到可检查的文件（支持 .txt .md .docx .html .htm .pdf）")
    return [found[key] for key in sorted(found)]


def _walk(folder: Path) -> Iterable[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            if is_report_file(name):
                yield Path(root) / name


# ---------------------------------------------------------------- per-process state


@dataclass(frozen=True, slots=True)
class LintOptions:
    overrides: Overrides = Overrides()
    previous: Path | None = None
    compare: tuple[Path, ...] = ()  # other bodies' reports (--compare), for copied-from-peer
    batch_compare: bool = False  # compare the batch's reports with each other (B011)


_state: dict[str, Any] = {"options": LintOptions(), "previous": None, "compare": [], "models": {}}


def _prepare(options: LintOptions) -> None:
    """Make this process ready: options, last year's report (read once)."""
    if _state["options"] == options and (options.previous is None or _state["previous"] is not None):
        return
    _state["options"] = options
    _state["previous"] = _read_previous(options.previous) if options.previous else None
    _state["compare"] = [_read_compared(path) for path in options.compare]


def _read_previous(path: Path) -> Report:
    from narrative_qa.document.parse import read_report

    try:
        return read_report(path)
    except NarrativeQAError as error:
        raise UsageError(f"无法读取上一年度报告 {path}：{error}") from None


def _read_compared(path: Path) -> Report:
    from narrative_qa.document.parse import read_report

    try:
        return read_report(path)
    except NarrativeQAError as error:
        raise UsageError(f"无法读取对比报告 {path}：{error}") from None


def _model_for(path: Path | None) -> Any:
    """The corpus model at `path` (or the default one), loaded once per process; None if absent.

    An explicitly configured model (--model, `model =`) that fails to load is an error; a
    missing default model only means the rules that need one are skipped (with a note).
    """
    key = str(path) if path else ""
    models: dict[str, Any] = _state["models"]
    if key not in models:
        models[key] = _load_model(path)
    return models[key]


def _load_model(path: Path | None) -> Any:
    try:
        from narrative_qa.corpus.model import default_model_path, load_model
    except ImportError:  # the corpus layer is optional for the rules of this issue
        if path is not None:
            raise UsageError("此版本不支持加载语料模型（--model）") from None
        return None
    try:
        return load_model(path if path is not None else default_model_path())
    except ModelError:
        if path is not None:
            raise
        return None


# ---------------------------------------------------------------- one report


def rules_to_run(codes: Iterable[str], *, model: Any, previous: Report | None) -> list[Rule]:
    wanted = set(codes)
    return [
        registered
        for registered in all_rules()
        if registered.code in wanted
        and registered.family != "X"  # meta rules are produced by the engine itself
        and (model is not None or not registered.needs_model)
        and (previous is not None or not registered.needs_previous)
    ]


def lint_report(
    report: Report,
    settings: Settings | None = None,
    *,
    model: Any = None,
    previous: Report | None = None,
    result: FileResult | None = None,
    compare: Sequence[Report] = (),
) -> list[Finding]:
    """Findings for one parsed report, sorted by position.

    `settings` defaults to what the configuration found beside the report says. Rules that need
    a model or last year's report are skipped when those are not given. A rule that crashes is
    recorded in `result.rule_errors` (when given) and the other rules still run.
    """
    settings = settings or settings_for(report.path)
    codes = settings.codes_for(report.path)
    rules = rules_to_run(codes, model=model, previous=previous)
    context = Context(
        report=report, model=model, previous=previous, compare=list(compare), rule_options=settings.rule_options
    )
    findings: list[Finding] = []
    for registered in rules:
        try:
            findings.extend(registered.check(context, registered))
        except Exception as error:  # a bug in one rule must not hide the others' findings
            message = f"规则 {registered.code} {registered.name} 运行出错：{type(error).__name__}: {error}"
            if result is None:
                raise
            result.rule_errors.append(message)
    unused_rule = next((r for r in all_rules() if r.code == UNUSED_SUPPRESSION), None)
    findings = apply_suppressions(
        context,
        findings,
        {registered.code for registered in rules},
        unused_rule if UNUSED_SUPPRESSION in codes else None,
    )
    for finding in findings:
        override = settings.severity.get(finding.code)
        if override is not None:
            finding.severity = override
        finding.fingerprint = fingerprint(finding, report.text)
    findings.sort(key=lambda f: (f.line, f.column, f.end_line, f.end_column, f.code, f.message))
    return findings


def lint_file(path: Path) -> FileResult:
    """Read and lint one file with this process's options; never raises for a bad file."""
    options: LintOptions = _state["options"]
    settings = settings_for(path, options.overrides)
    result = FileResult(path=str(path), fail_on=settings.fail_on)
    try:
        report = read_report_ahead(path)
    except NarrativeQAError as error:
        result.error = str(error)
        return result
    except Exception as error:  # a parser bug on one odd file must not stop a batch
        result.error = f"解析时出现内部错误：{type(error).__name__}: {error}"
        return result
    model = None
    if any(r.needs_model for r in all_rules() if r.code in settings.codes):
        model = _model_for(settings.model)
    result.findings = lint_report(
        report, settings, model=model, previous=_state["previous"], result=result, compare=_state["compare"]
    )
    result.lines = _source_lines(report.text, result.findings)
    if options.batch_compare and not result.rule_errors:
        from narrative_qa.linting.batch_compare import signature_of

        result.signature = signature_of(report, settings, model, settings.codes_for(report.path))
    return result


def _source_lines(text: str, findings: Sequence[Finding]) -> dict[int, str]:
    wanted = {finding.line for finding in findings} | {finding.end_line for finding in findings}
    if not wanted:
        return {}
    lines: dict[int, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if number in wanted:
            lines[number] = line.rstrip("\r")
    return lines


def _init_worker(options: LintOptions) -> None:
    _prepare(options)


# ---------------------------------------------------------------- many files


def lint_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    config: Overrides | None = None,
    jobs: int = 1,
    model: str | os.PathLike[str] | None = None,
    previous: str | os.PathLike[str] | None = None,
    baseline: str | os.PathLike[str] | None = None,
    progress: bool = False,
    compare: Sequence[str | os.PathLike[str]] = (),
    batch_compare: bool = True,
) -> LintResult:
    """Lint files and folders. Usage errors (missing path, bad config) raise UsageError;
    unreadable files are reported in the result and the batch goes on. With more than one file
    and `batch_compare`, B011 also compares each report with the batch's other bodies' reports
    (linting/batch_compare.py: a second pass in this process over the workers' signatures)."""
    overrides = config or Overrides()
    if model is not None:
        overrides = Overrides(overrides.select, overrides.ignore, overrides.fail_on, Path(model), overrides.config)
    files = expand_paths(paths)
    notes: list[str] = []
    clear_caches()
    # Configuration errors are usage errors: find them all before any work starts.
    settings = [settings_for(file, overrides) for file in files]
    known = Baseline.load(Path(baseline)) if baseline is not None else None
    options = LintOptions(
        overrides=overrides,
        previous=Path(previous) if previous else None,
        compare=tuple(Path(path) for path in compare),
        batch_compare=batch_compare and len(files) > 1,
    )
    with reading_ahead(files, jobs):
        _prepare(options)
        _warm_models(settings, notes)
        results = map_files(
            lint_file, files, jobs, progress, initializer=_init_worker, initargs=(options,), warm=_preload_segmenter
        )
    if options.batch_compare:
        from narrative_qa.linting.batch_compare import apply_batch_compare

        apply_batch_compare(
            results,
            lambda model: _model_for(Path(model) if model else None),
            exclude=[str(p) for p in options.compare],
        )
    if known is not None:
        for result in results:
            result.findings = known.filter(result.findings)
    return LintResult(files=results, notes=notes)


def _preload_segmenter() -> None:
    """Before the pool forks: the rules that use the corpus model cut the text with jieba, so
    load its whole dictionary here for the workers to share (Segmenter.load_whole_dictionary)."""
    if any(model is not None for model in _state["models"].values()):
        from narrative_qa.nlp.segment import get_segmenter

        get_segmenter().load_whole_dictionary()


def _warm_models(settings: list[Settings], notes: list[str]) -> None:
    """Load each model a selected rule needs once, here, so forked workers share it."""
    needing = {r.code for r in all_rules() if r.needs_model}
    skipped: set[str] = set()
    for setting in settings:
        if setting.codes & needing and _model_for(setting.model) is None:
            skipped |= setting.codes & needing
    if skipped:
        notes.append(f"没有可用的语料模型（可用 --model 指定），已跳过需要模型的规则：{'、'.join(sorted(skipped))}")


def lint(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], **options: Any
) -> LintResult:
    """Public API (`narrative_qa.lint`): one path or several; options as for `lint_paths`."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return lint_paths(paths, **options)
