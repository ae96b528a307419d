"""Combine the results of one test run into the closing line ``N passed, N failed``.

Usage: report.py RESULTS_DIR

RESULTS_DIR holds what tools/test.sh wrote:
  odoo.log, odoo.rc            the addons' tests run by Odoo's test runner
  odoo-<bridge>.log/.rc        a bridge addon's tests, in a database of its own
  install-<addon>.log/.rc      an addon installed alone on its dependencies (one check each)
  pytest.xml                   the top-level tests/ (JUnit XML)
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from odoo_log import summarize  # noqa: E402


def _rc(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return int(fh.read().strip() or 1)
    except (OSError, ValueError):
        return 1


def odoo_results(results):
    """The addons' run, then each bridge's run: (passed, problems, tests, failed)."""
    passed, problems, tests, failed = _odoo_log_results(results, "odoo")
    for log in sorted(glob.glob(os.path.join(results, "odoo-*.log"))):
        name = os.path.basename(log)[: -len(".log")]
        b_passed, b_problems, b_tests, b_failed = _odoo_log_results(results, name)
        passed += b_passed
        problems += b_problems
        tests += b_tests
        failed += b_failed
    return passed, problems, tests, failed


def _odoo_log_results(results, name):
    log = os.path.join(results, f"{name}.log")
    if not os.path.exists(log):
        return 0, [f"{name}: no log (the test run did not start)"], [], 1
    with open(log, encoding="utf-8", errors="replace") as fh:
        summary = summarize(fh)
    problems = [f"{name} {p}" for p in summary.problems()]
    failed = summary.failed
    rc = _rc(os.path.join(results, f"{name}.rc"))
    if summary.summary is None:
        failed += 1
        problems.append(f"{name}: the run ended without Odoo's test summary (crash?)")
    elif rc and not failed:
        failed += 1
        problems.append(f"{name}: exited with code {rc}")
    # a tour that "passed" without Chromium proves nothing: it fails instead
    passed = summary.passed
    already_bad = summary.failed_tests.keys() | summary.skipped.keys()
    for test in summary.tests:
        is_tour = "tour" in test.rsplit(".", 1)[-1]
        if is_tour and test not in summary.browser_tests and test not in already_bad:
            passed -= 1
            failed += 1
            problems.append(f"{name} {test}: the tour did not run in Chromium")
    return passed, problems, list(summary.tests), failed


def install_results(results):
    passed, problems = 0, []
    logs = sorted(glob.glob(os.path.join(results, "install-*.log")))
    logs += glob.glob(os.path.join(results, "upgrade.log"))
    for log in logs:
        name = os.path.basename(log)[: -len(".log")]
        addon = name[len("install-") :] if name.startswith("install-") else None
        with open(log, encoding="utf-8", errors="replace") as fh:
            summary = summarize(fh)
        rc = _rc(log[: -len(".log")] + ".rc")
        bad = [str(p) for p in summary.problems()]
        if rc:
            bad.append(f"exited with code {rc}")
        if bad:
            what = f"install {addon} alone" if addon else "upgrade the addons"
            problems.append(f"{what}: " + "; ".join(bad))
        else:
            passed += 1
    return passed, problems


def pytest_results(results):
    path = os.path.join(results, "pytest.xml")
    if not os.path.exists(path):
        return 0, ["pytest: no report (tests/ did not run)"]
    passed, problems = 0, []
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname')}.{case.get('name')}"
        bad = [c for c in case if c.tag in ("failure", "error", "skipped")]
        if bad:
            problems.append(f"pytest {name}: {bad[0].tag}: {bad[0].get('message', '')}")
        else:
            passed += 1
    return passed, problems


def main(results):
    o_passed, o_problems, o_tests, o_failed = odoo_results(results)
    i_passed, i_problems = install_results(results)
    p_passed, p_problems = pytest_results(results)
    tours = [t for t in o_tests if "tour" in t.rsplit(".", 1)[-1]]
    print(f"odoo tests: {len(o_tests)} run, of which tours in Chromium: {len(tours)}")
    for tour in tours:
        print(f"  tour {tour}")
    problems = o_problems + i_problems + p_problems
    for problem in problems:
        print(f"FAILED {problem}")
    passed = o_passed + i_passed + p_passed
    failed = o_failed + len(i_problems) + len(p_problems)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
