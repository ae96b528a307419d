#!/usr/bin/env python3
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""PNG screenshots of crm_integrated's spreadsheet dashboards for the readme.

Logs into a running Odoo (a demo database: ``tools/screenshots.sh`` starts one) over
JSON-RPC, hands the session cookie to headless Chromium through the DevTools protocol,
opens each dashboard's action, waits until its charts are drawn and saves the page.

    tools/screenshots.py --url http://localhost:8069 --db cim_demo --out DIR

Needs Chromium (tools/common.sh ensure_chromium) and the venv's ``websocket-client`` and
``requests`` (both Odoo requirements)."""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket

DASHBOARDS = {
    "management_dashboard.png": "crm_integrated.spreadsheet_dashboard_management_action",
    "sales_dashboard.png": "crm_integrated.spreadsheet_dashboard_sales_action",
}
# the dashboard is drawn: its figures have canvases and nothing is loading any more
READY_JS = """
(() => {
    const action = document.querySelector('.o_spreadsheet_dashboard_action');
    return Boolean(action && action.querySelector('.o-figure canvas')
        && !action.querySelector('.dashboard-loading-status, .o_loading_indicator'));
})()
"""
# the period filter on the whole year (the dashboards open on this month)
WHOLE_YEAR_JS = """
(() => {
    const select = document.querySelector(
        '.o_spreadsheet_dashboard_action .date_filter_values select');
    if (!select) { return false; }
    select.value = 'empty';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    return true;
})()
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("headless Chromium is needed: apt-get install chromium")


def login(url, db, user, password):
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}},
        timeout=120,
    )
    response.raise_for_status()
    if response.json().get("error") or "session_id" not in response.cookies:
        sys.exit(f"cannot log in as {user} into {db}: {response.text[:300]}")
    return response.cookies["session_id"]


class Browser:
    """Headless Chromium driven over the DevTools protocol (one page)."""

    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="cim-shots-")
        self.process = subprocess.Popen(
            [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", "--remote-debugging-port=0", "--no-first-run",
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and os.path.getsize(port_file):
                break
            time.sleep(0.1)
        with open(port_file, encoding="ascii") as fh:
            port = fh.readline().strip()
        pages = requests.get(f"http://127.0.0.1:{port}/json", timeout=10).json()
        page = next(p for p in pages if p["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.call("Emulation.setDeviceMetricsOverride",
                  width=width, height=height, deviceScaleFactor=1, mobile=False)  # fmt: skip

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def wait_for(self, expression, timeout):
        end = time.time() + timeout
        while time.time() < end:
            result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
            if result["result"].get("value"):
                return True
            time.sleep(0.5)
        return False

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="cim_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", required=True, help="directory of the PNG files")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument(
        "--period", choices=["year", "month"], default="year", help="the period filter's value"
    )
    args = parser.parse_args()
    session = login(args.url, args.db, args.login, args.password)
    os.makedirs(args.out, exist_ok=True)
    browser = Browser(args.width, args.height)
    try:
        host = args.url.split("://", 1)[1].split("/", 1)[0].split(":")[0]
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        for filename, action in DASHBOARDS.items():
            browser.call("Page.navigate", url=f"{args.url}/odoo/action-{action}")
            if not browser.wait_for(READY_JS, 120):
                sys.exit(f"the dashboard {action} did not load")
            if args.period == "year":
                browser.call("Runtime.evaluate", expression=WHOLE_YEAR_JS)
                time.sleep(1)
                if not browser.wait_for(READY_JS, 120):
                    sys.exit(f"the dashboard {action} did not reload")
            time.sleep(2)  # the charts' animations
            shot = browser.call("Page.captureScreenshot", format="png")
            path = os.path.join(args.out, filename)
            with open(path, "wb") as fh:
                fh.write(base64.b64decode(shot["data"]))
            print(path)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
