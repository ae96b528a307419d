"""The test runner's own tests: reading Odoo's log like checklog-odoo."""

import os
import subprocess
import sys

from odoo_log import summarize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = "2026-11-22 12:00:00,000 42 {level} db {logger}: {msg} "
MOD = "odoo.addons.crm_integrated.tests.test_x"


def line(level, logger, msg):
    return PREFIX.format(level=level, logger=logger, msg=msg) + "\n"


def run(*tests_and_lines, summary="0 failed, 0 error(s) of {n} tests"):
    lines = []
    n = 0
    for item in tests_and_lines:
        if isinstance(item, str):
            n += 1
            lines.append(line("INFO", MOD, f"Starting {item} ..."))
        else:
            lines.append(line(*item))
    if summary:
        lines.append(
            line("INFO", "odoo.tests.result", summary.format(n=n) + " when loading database 'db'")
        )
    return summarize(lines)


def test_all_pass():
    result = run("T.test_a", "T.test_b")
    assert (result.passed, result.failed) == (2, 0)


def test_reported_failure():
    result = run(
        "T.test_a",
        ("ERROR", MOD, "FAIL: T.test_a"),
        "T.test_b",
        summary="1 failed, 0 error(s) of {n} tests",
    )
    assert (result.passed, result.failed) == (1, 1)


def test_error_logged_during_a_passing_test_fails_it():
    result = run("T.test_a", ("ERROR", "odoo.sql_db", "bad query: x"), "T.test_b")
    assert (result.passed, result.failed) == (1, 1)
    assert "T.test_a" in next(iter(result.failed_tests))


def test_error_outside_tests_is_counted():
    lines = [line("ERROR", "odoo.modules.registry", "Failed to load registry")]
    result = summarize(lines)
    assert result.failed == 1
    assert result.summary is None


def test_demo_data_failure_warning_is_a_failure():
    result = run(
        ("INFO", "odoo.modules.loading", "Loading module x"),
        (
            "WARNING",
            "odoo.modules.loading",
            "Module x demo data failed to install, installed without",
        ),
        "T.test_a",
    )
    assert (result.passed, result.failed) == (1, 1)


def test_skipped_tour_is_a_failure():
    result = run(
        "T.test_tour",
        ("INFO", MOD, "skipped T.test_tour : Chrome browser not found"),
    )
    assert (result.passed, result.failed) == (0, 1)


def test_loading_line_ends_the_current_test():
    result = run(
        "T.test_a",
        ("INFO", "odoo.modules.loading", "Loading module y (3/9)"),
        ("ERROR", "odoo.modules.loading", "while parsing y/data.xml"),
    )
    assert (result.passed, result.failed) == (1, 1)
    assert result.stray_errors


def run_report(results):
    return subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "report.py"), str(results)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_report_closing_line_and_exit_code(tmp_path):
    with open(tmp_path / "odoo.log", "w") as fh:
        fh.write(line("INFO", MOD, "Starting T.test_a ..."))
        fh.write(line("ERROR", MOD, "FAIL: T.test_a"))
        fh.write(line("INFO", MOD, "Starting T.test_b ..."))
        fh.write(
            line(
                "ERROR",
                "odoo.tests.result",
                "1 failed, 0 error(s) of 2 tests when loading database 'db'",
            )
        )
    (tmp_path / "odoo.rc").write_text("1\n")
    (tmp_path / "pytest.xml").write_text(
        '<testsuites><testsuite><testcase classname="t" name="ok"/></testsuite></testsuites>'
    )
    proc = run_report(tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_report_counts_a_failed_upgrade(tmp_path):
    (tmp_path / "odoo.log").write_text(
        line(
            "INFO",
            "odoo.tests.result",
            "0 failed, 0 error(s) of 0 tests when loading database 'db'",
        )
    )
    (tmp_path / "odoo.rc").write_text("0\n")
    (tmp_path / "upgrade.log").write_text(
        line("ERROR", "odoo.modules.loading", "while parsing demo/x.xml")
    )
    (tmp_path / "upgrade.rc").write_text("0\n")
    (tmp_path / "pytest.xml").write_text("<testsuites/>")
    proc = run_report(tmp_path)
    assert proc.returncode == 1
    assert "upgrade the addons" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"


def test_report_tour_without_browser_fails(tmp_path):
    with open(tmp_path / "odoo.log", "w") as fh:
        fh.write(line("INFO", MOD, "Starting TestUi.test_x_tour ..."))
        fh.write(
            line(
                "INFO",
                "odoo.tests.result",
                "0 failed, 0 error(s) of 1 tests when loading database 'db'",
            )
        )
    (tmp_path / "odoo.rc").write_text("0\n")
    (tmp_path / "pytest.xml").write_text("<testsuites/>")
    proc = run_report(tmp_path)
    assert proc.returncode == 1
    assert "did not run in Chromium" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"


def write_run(path, module, started, failed=(), rc=0):
    """An Odoo test log at ``path`` (and its exit code): ``started`` tests of ``module``,
    the ``failed`` ones reported as failures, then Odoo's summary."""
    with open(path, "w") as fh:
        for test in started:
            fh.write(line("INFO", module, f"Starting {test} ..."))
            if test in failed:
                fh.write(line("ERROR", module, f"FAIL: {test}"))
        level = "ERROR" if failed else "INFO"
        summary = (
            f"{len(failed)} failed, 0 error(s) of {len(started)} tests when loading database 'db'"
        )
        fh.write(line(level, "odoo.tests.result", summary))
    path.with_suffix(".rc").write_text(f"{rc}\n")


def test_report_adds_the_bridge_runs(tmp_path):
    write_run(tmp_path / "odoo.log", MOD, ["T.test_a"])
    bridge = "odoo.addons.member_loyalty_pos.tests.test_x"
    write_run(
        tmp_path / "odoo-member_loyalty_pos.log",
        bridge,
        ["B.test_b", "B.test_c"],
        failed=["B.test_b"],
        rc=1,
    )
    (tmp_path / "pytest.xml").write_text("<testsuites/>")
    proc = run_report(tmp_path)
    assert proc.returncode == 1
    assert "odoo-member_loyalty_pos" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_report_missing_bridge_run_fails(tmp_path):
    write_run(tmp_path / "odoo.log", MOD, [])
    (tmp_path / "odoo-member_loyalty_pos.log").write_text("")
    (tmp_path / "odoo-member_loyalty_pos.rc").write_text("1\n")
    (tmp_path / "pytest.xml").write_text("<testsuites/>")
    proc = run_report(tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.strip().splitlines()[-1] == "0 passed, 1 failed"
