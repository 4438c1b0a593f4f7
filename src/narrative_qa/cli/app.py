"""The Typer application and the `nqa` entry point (`main`). Commands live in one module each and
import the library lazily, so that `nqa lint` does not pay for what only `nqa corpus build` needs.

`app` is built on first access (`from narrative_qa.cli.app import app` works as usual), so that
importing this module for `main` or the exit codes costs nothing.

Exit codes of `main`: 0/1 as the command decides, 2 for usage and input errors (one Chinese
line), 3 for an internal error (a bug: one Chinese line, the traceback only with
NARRATIVE_QA_DEBUG=1), 130 when interrupted. See docs/lint-output.md.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

from narrative_qa.errors import NarrativeQAError

EXIT_INTERNAL_ERROR = 3
DEBUG_ENV = "NARRATIVE_QA_DEBUG"


def _build_app() -> Any:
    import typer

    return typer.Typer(
        name="narrative-qa",
        help="政府信息公开工作年度报告质量检查工具（narrative-qa / nqa）。",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


def __getattr__(name: str) -> Any:
    # PEP 562: the Typer app is created when first asked for, then is a plain module global.
    if name == "app":
        app = _build_app()
        globals()["app"] = app
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _register_commands() -> None:
    # Each module adds its commands to `app` when imported.
    from narrative_qa.cli import parse_cmd  # noqa: F401
    from narrative_qa.cli import lint_cmd  # noqa: F401
    from narrative_qa.cli import corpus_cmd  # noqa: F401
    from narrative_qa.cli import suggest_cmd  # noqa: F401
    from narrative_qa.cli import score_cmd  # noqa: F401


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _run(argv: list[str]) -> None:
    _register_commands()
    app = globals().get("app") or __getattr__("app")
    app()


def main() -> NoReturn:
    """The `nqa` program: run the command, then end the process (see `_finish`)."""
    try:
        _main()
        status = 0
    except SystemExit as exit:
        status = _exit_status(exit.code)
        if _interrupted(exit):
            # Typer turns Ctrl-C into a silent exit 130 before `_main` can say anything.
            _say("已中断。")
    _finish(status)


def _interrupted(exit: BaseException) -> bool:
    seen: BaseException | None = exit
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _exit_status(code: object) -> int:
    # What the interpreter makes of sys.exit(code): None is success, a message is printed and
    # is failure.
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    _say(str(code))
    return 1


def _finish(status: int) -> NoReturn:
    """Flush the standard streams and leave without the interpreter's teardown.

    At exit the interpreter frees the heap one object at a time: jieba's dictionary (half a
    million entries), the model, every finding. That took 60-100 ms of a 0.35 s `nqa lint` and
    does nothing the operating system does not do at once. Everything a command writes is
    closed (and atomically renamed) before it returns; only stdout and stderr may still hold
    output. This runs only as the program's entry point, never inside a caller's process.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away after the command's last write
        status = status or 1
    except (OSError, ValueError):  # stdout closed by the caller; nothing more can be said
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(status)


def _main() -> None:
    try:
        _run(sys.argv[1:])
    except NarrativeQAError as error:
        _say(f"错误：{error}")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        _say("已中断。")
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`nqa lint … | head`): as click does, exit quietly with 1. What
        # is still buffered goes to /dev/null, so Python does not complain again at exit
        # (the recipe of the `signal` module's documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as error:  # a bug: one line for the user, the traceback on request
        if os.environ.get(DEBUG_ENV):
            import traceback

            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        detail = " ".join(detail.split())  # one line, whatever the message holds
        _say(f"内部错误：{detail}。请报告此问题（设置环境变量 {DEBUG_ENV}=1 可查看详细的错误跟踪）。")
        sys.exit(EXIT_INTERNAL_ERROR)
