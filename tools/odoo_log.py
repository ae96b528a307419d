"""Read an Odoo test-run log and count what happened, like OCA's ``checklog-odoo``.

* every test started (``Starting Class.test ...``) counts once;
* a test fails when Odoo reports ``FAIL:``/``ERROR:`` for it, or when any ERROR or
  CRITICAL line is logged while it runs (a traceback a test swallowed is still a bug);
* a skipped test is a failure: a tour that could not run proves nothing;
* an ERROR/CRITICAL line outside any test (module install, data loading) is one more
  failure of its own;
* a run that ends without Odoo's summary line, or with a non-zero exit, fails too.
"""

import re
import sys
from dataclasses import dataclass, field

LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z?]+) "
    r"(?P<db>\S+) (?P<logger>[^:\s]+): (?P<msg>.*)$"
)
START_RE = re.compile(r"^Starting (?P<test>\S+) \.\.\.$")
RESULT_RE = re.compile(r"^(?P<flavour>FAIL|ERROR): (?P<test>.+?)$")
SKIP_RE = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")
SUMMARY_RE = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
# ERROR lines that only repeat a failure already counted through its test
ECHO_PATTERNS = (
    re.compile(r"at least one error occurred in a test"),
    re.compile(r"^Module \S+: \d+ failures, \d+ errors of \d+ tests$"),
    SUMMARY_RE,
)
# WARNING lines that are failures all the same (Odoo logs them as warnings and goes on)
FATAL_WARNINGS = (
    re.compile(r"demo data failed to install"),
    re.compile(r"Some modules are not loaded"),
    re.compile(r"Some modules have inconsistent states"),
    re.compile(r"invalid module names, ignored"),
    re.compile(r"module .* not installable, skipped"),
    re.compile(r"Couldn't load module"),
)
# loggers whose INFO lines mean no test is running any more
LOADING_LOGGERS = ("odoo.modules.loading", "odoo.modules.registry")


@dataclass
class Problem:
    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class LogSummary:
    tests: list = field(default_factory=list)
    failed_tests: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    stray_errors: list = field(default_factory=list)
    summary: dict | None = None
    browser_tests: set = field(default_factory=set)

    @property
    def run(self):
        return len(self.tests)

    @property
    def failed(self):
        by_test = len(self.failed_tests.keys() | self.skipped.keys())
        reported = 0
        if self.summary:
            reported = self.summary["failed"] + self.summary["errors"]
        return max(by_test, reported) + len(self.stray_errors)

    @property
    def passed(self):
        bad = self.failed_tests.keys() | self.skipped.keys()
        return len([t for t in self.tests if t not in bad])

    def problems(self):
        out = [Problem(t, m) for t, m in self.failed_tests.items()]
        out += [Problem(t, f"skipped: {r}") for t, r in self.skipped.items()]
        out += self.stray_errors
        return out


def _records(lines):
    """Yield (level, logger, first message line) for each log record."""
    for line in lines:
        match = LINE_RE.match(line.rstrip("\n"))
        if match:
            yield match["level"], match["logger"], match["msg"].rstrip()


def summarize(lines):
    result = LogSummary()
    current = None
    for level, logger, msg in _records(lines):
        start = START_RE.match(msg)
        if start and level == "INFO":
            current = f"{logger}:{start['test']}"
            result.tests.append(current)
            continue
        summary = SUMMARY_RE.match(msg)
        if summary:
            result.summary = {k: int(v) for k, v in summary.groupdict().items()}
        if level == "INFO":
            if current and msg.startswith("Browser version:"):
                result.browser_tests.add(current)
            if logger.startswith(LOADING_LOGGERS):
                current = None
            skip = SKIP_RE.match(msg)
            if skip:
                result.skipped[f"{logger}:{skip['test']}"] = skip["reason"]
            continue
        if level == "WARNING" and any(p.search(msg) for p in FATAL_WARNINGS):
            level = "ERROR"
        if level not in ("ERROR", "CRITICAL"):
            continue
        if any(p.search(msg) for p in ECHO_PATTERNS):
            continue
        reported = RESULT_RE.match(msg)
        if reported:
            key = f"{logger}:{reported['test']}"
            result.failed_tests.setdefault(key, reported["flavour"])
        elif current:
            result.failed_tests.setdefault(current, f"{level} logged: {msg}")
        else:
            result.stray_errors.append(Problem(logger, f"{level} logged: {msg}"))
    return result


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    with open(argv[0], encoding="utf-8", errors="replace") as fh:
        summary = summarize(fh)
    for problem in summary.problems():
        print(f"FAILED {problem}")
    print(f"odoo: {summary.passed} passed, {summary.failed} failed")
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
