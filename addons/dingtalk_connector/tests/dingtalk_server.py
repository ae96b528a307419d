# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A local stand-in for DingTalk, speaking its documented protocol (see shared DINGTALK.md).

Both hosts on one port: the group robot webhook (signature and timestamp window checked),
oapi ``/gettoken`` (the same token while valid), work notifications, contacts (departments
one level at a time, users paged by cursor), 免登 auth codes (valid once), the api host's
to-dos (``sourceId`` deduplicated) and OA approvals (``/v1.0/workflow/processInstances``:
create against a known process code and form, get, terminate a running instance). Tokens
are checked like DingTalk does (oapi errcode 40014 in the query, api HTTP 401 in the
header). Every request is recorded so tests
can assert on what the real client sent; ``fail_next`` plays outages and throttling.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

APP_KEY = "dingappkey01"
APP_SECRET = "app-secret-测试"


class FakeDingtalk:
    def __init__(self, secrets=None):
        self.secrets = secrets or {}  # robot access_token -> signing secret
        self.apps = {APP_KEY: APP_SECRET}
        self.requests = []
        self.force_errcode = None  # robot answers
        self.http_status = 200  # 500 plays a DingTalk outage
        self.fail_next = []  # [(path prefix, HTTP status, answer)], consumed in order
        self.tokens = {}  # access token -> expiry (epoch seconds)
        self.token_ttl = 7200
        self.counter = itertools.count(1)
        self.departments = {1: {"name": "潍坊鸿达机械制造有限公司", "parent_id": None}}
        self.users = []  # dicts: userid, unionid, name, mobile, email, dept_id_list
        self.auth_codes = {}  # 免登 code -> userid
        self.todos = {}  # task id -> body
        self.oauth_codes = {}  # browser OAuth code -> (unionId, corpId)
        self.user_tokens = {}  # user access token -> unionId
        self.page_size_cap = 100
        self.processes = {}  # processCode -> form component names
        self.instances = {}  # processInstanceId -> instance (as GET returns it)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self, method):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = None
                split = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(split.query).items()}
                fake.requests.append(
                    {
                        "method": method,
                        "path": split.path,
                        "query": query,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                status, answer = fake.dispatch(method, split.path, query, self.headers, body)
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def do_PUT(self):
                self._handle("PUT")

            def do_DELETE(self):
                self._handle("DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- helpers for tests -------------------------------------------------------------
    def url(self, token):
        return f"{self.base_url}/robot/send?access_token={token}"

    def calls(self, path):
        return [r for r in self.requests if r["path"] == path]

    def expire_tokens(self):
        """DingTalk forgets every token (expiry, or the secret was reset)."""
        self.tokens.clear()

    def add_user(self, userid, name, mobile=None, email=None, depts=(1,), unionid=None):
        user = {
            "userid": userid,
            "unionid": unionid or f"union-{userid}",
            "name": name,
            "mobile": mobile,
            "email": email,
            "dept_id_list": list(depts),
            "active": True,
        }
        self.users.append(user)
        return user

    def add_process(self, code, components):
        self.processes[code] = list(components)

    def decide(self, instance_id, userid, result, remark=""):
        """An approver agrees or refuses in DingTalk; returns the task id."""
        instance = self.instances[instance_id]
        task_id = next(self.counter)
        instance["tasks"].append(
            {
                "taskId": task_id,
                "userId": userid,
                "status": "COMPLETED",
                "result": result.upper(),
                "activityId": f"act-{task_id}",
            }
        )
        instance["operationRecords"].append(
            {
                "userId": userid,
                "date": time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime()),
                "type": "EXECUTE_TASK_NORMAL",
                "result": result.upper(),
                "remark": remark,
            }
        )
        return task_id

    def finish(self, instance_id, result):
        self.instances[instance_id].update(status="COMPLETED", result=result)

    # -- protocol ------------------------------------------------------------------------
    def dispatch(self, method, path, query, headers, body):
        for index, (prefix, status, answer) in enumerate(self.fail_next):
            if path.startswith(prefix):
                del self.fail_next[index]
                return status, answer
        if path == "/robot/send":
            return self.http_status, self.robot(query)
        if path == "/gettoken":
            return 200, self.gettoken(query)
        if body is None:
            return 400, {"errcode": 43004, "errmsg": "invalid body"}
        if path.startswith("/topapi/"):
            if query.get("access_token") not in self.valid_tokens():
                return 200, {"errcode": 40014, "errmsg": "不合法的access_token"}
            return 200, self.oapi(path, body)
        if path == "/v1.0/oauth2/userAccessToken":
            return self.user_access_token(body)
        if path == "/v1.0/contact/users/me":
            return self.users_me(headers)
        if path.startswith("/v1.0/"):
            if headers.get("x-acs-dingtalk-access-token") not in self.valid_tokens():
                return 401, {"code": "InvalidAuthentication", "message": "token is not valid"}
            return self.api(method, path, query, body)
        return 404, {"errcode": 404, "errmsg": "not found"}

    def valid_tokens(self):
        now = time.time()
        return {token for token, expiry in self.tokens.items() if expiry > now}

    def gettoken(self, query):
        if self.apps.get(query.get("appkey")) != query.get("appsecret"):
            return {"errcode": 40089, "errmsg": "不合法的corpid或corpsecret"}
        valid = self.valid_tokens()
        if valid:
            token = next(iter(valid))
        else:
            token = f"token-{next(self.counter)}"
            self.tokens[token] = time.time() + self.token_ttl
        return {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": token,
            "expires_in": int(self.tokens[token] - time.time()),
        }

    def user_access_token(self, body):
        if self.apps.get(body.get("clientId")) != body.get("clientSecret"):
            return 400, {"code": "invalidClientSecret", "message": "client secret is invalid"}
        if body.get("grantType") != "authorization_code":
            return 400, {"code": "invalidParameter", "message": "grantType"}
        granted = self.oauth_codes.pop(body.get("code"), None)
        if not granted:
            return 400, {"code": "invalidAuthCode", "message": "code is invalid or used"}
        union_id, corp_id = granted
        token = f"user-token-{next(self.counter)}"
        self.user_tokens[token] = union_id
        return 200, {
            "accessToken": token,
            "refreshToken": f"refresh-{token}",
            "expireIn": 7200,
            "corpId": corp_id,
        }

    def users_me(self, headers):
        union_id = self.user_tokens.get(headers.get("x-acs-dingtalk-access-token"))
        if not union_id:
            return 401, {"code": "InvalidAuthentication", "message": "user token is not valid"}
        user = next((u for u in self.users if u["unionid"] == union_id), {})
        return 200, {
            "unionId": union_id,
            "nick": user.get("name"),
            "mobile": user.get("mobile"),
            "email": user.get("email"),
        }

    def oapi(self, path, body):
        ok = {"errcode": 0, "errmsg": "ok", "request_id": f"req{next(self.counter)}"}
        if path == "/topapi/message/corpconversation/asyncsend_v2":
            if not body.get("agent_id") or not body.get("msg"):
                return {"errcode": 40035, "errmsg": "缺少参数"}
            if len(json.dumps(body["msg"], ensure_ascii=False).encode()) > 2048:
                return {"errcode": 40035, "errmsg": "msg too long"}
            return dict(ok, task_id=next(self.counter))
        if path == "/topapi/v2/department/get":
            dept = self.departments.get(body.get("dept_id"))
            if not dept:
                return {"errcode": 60003, "errmsg": "部门不存在"}
            return dict(ok, result={"dept_id": body["dept_id"], "name": dept["name"]})
        if path == "/topapi/v2/department/listsub":
            parent = body.get("dept_id", 1)
            result = [
                {"dept_id": dept_id, "name": dept["name"], "parent_id": parent}
                for dept_id, dept in sorted(self.departments.items())
                if dept["parent_id"] == parent
            ]
            return dict(ok, result=result)
        if path == "/topapi/v2/user/list":
            size = min(int(body.get("size") or 10), self.page_size_cap)
            cursor = int(body.get("cursor") or 0)
            members = [u for u in self.users if body.get("dept_id") in u["dept_id_list"]]
            page = members[cursor : cursor + size]
            has_more = cursor + size < len(members)
            result = {"has_more": has_more, "list": page}
            if has_more:
                result["next_cursor"] = cursor + size
            return dict(ok, result=result)
        if path == "/topapi/v2/user/get":
            for user in self.users:
                if user["userid"] == body.get("userid"):
                    return dict(ok, result=user)
            return {"errcode": 60121, "errmsg": "找不到该用户"}
        if path == "/topapi/v2/user/getuserinfo":
            userid = self.auth_codes.pop(body.get("code"), None)
            if not userid:
                return {"errcode": 40078, "errmsg": "不存在的临时授权码"}
            user = next((u for u in self.users if u["userid"] == userid), {})
            return dict(
                ok,
                result={"userid": userid, "unionid": user.get("unionid"), "name": user.get("name")},
            )
        return {"errcode": 404, "errmsg": "not found"}

    def workflow(self, method, path, query, body):
        bad = {"code": "invalidParameter", "requestid": f"req{next(self.counter)}"}
        if path == "/v1.0/workflow/processInstances" and method == "POST":
            components = self.processes.get(body.get("processCode"))
            if components is None:
                return 400, dict(bad, message="processCode 不存在")
            userids = {u["userid"] for u in self.users}
            if body.get("originatorUserId") not in userids:
                return 400, dict(bad, message="originatorUserId 不存在")
            for value in body.get("formComponentValues") or []:
                if value.get("name") not in components or not isinstance(value.get("value"), str):
                    return 400, dict(bad, message=f"表单控件 {value.get('name')} 不合法")
            for approver in body.get("approvers") or []:
                if (
                    approver.get("actionType") not in ("AND", "OR", "NONE")
                    or not set(approver.get("userIds") or ["?"]) <= userids
                ):
                    return 400, dict(bad, message="approvers 不合法")
            instance_id = f"proc-inst-{next(self.counter)}"
            self.instances[instance_id] = {
                "processCode": body["processCode"],
                "originatorUserId": body["originatorUserId"],
                "formComponentValues": body.get("formComponentValues") or [],
                "approvers": body.get("approvers") or [],
                "status": "RUNNING",
                "result": "",
                "tasks": [],
                "operationRecords": [],
            }
            return 200, {"instanceId": instance_id}
        if path == "/v1.0/workflow/processInstances" and method == "GET":
            instance = self.instances.get(query.get("processInstanceId"))
            if not instance:
                return 400, dict(bad, message="processInstanceId 不存在")
            return 200, {"success": True, "result": instance}
        if path == "/v1.0/workflow/processInstances/terminate" and method == "POST":
            instance = self.instances.get(body.get("processInstanceId"))
            if not instance:
                return 400, dict(bad, message="processInstanceId 不存在")
            if instance["status"] != "RUNNING":
                return 400, dict(bad, message="审批实例已结束")
            instance["status"] = "TERMINATED"
            return 200, {"success": True, "result": True}
        return 404, {"code": "NotFound", "message": "not found"}

    def api(self, method, path, query, body):
        if path.startswith("/v1.0/workflow/"):
            return self.workflow(method, path, query, body)
        match = re.fullmatch(r"/v1\.0/todo/users/([^/]+)/tasks(?:/([^/]+))?", path)
        if not match:
            return 404, {"code": "NotFound", "message": "not found"}
        union_id, task_id = match.groups()
        if query.get("operatorId") != union_id:
            return 400, {"code": "invalidParameter", "message": "operatorId"}
        if method == "POST" and not task_id:
            if not body.get("subject") or not body.get("detailUrl"):
                return 400, {"code": "invalidParameter", "message": "subject/detailUrl"}
            for existing_id, todo in self.todos.items():
                if body.get("sourceId") and todo.get("sourceId") == body["sourceId"]:
                    return 200, dict(todo, id=existing_id)
            new_id = f"task{next(self.counter)}"
            self.todos[new_id] = dict(body, done=False, creatorId=union_id)
            return 200, dict(self.todos[new_id], id=new_id)
        if task_id not in self.todos:
            return 404, {"code": "todoNotFound", "message": "task not found"}
        if method == "GET":
            return 200, dict(self.todos[task_id], id=task_id)
        if method == "PUT":
            self.todos[task_id].update(body)
            return 200, {"result": True}
        if method == "DELETE":
            del self.todos[task_id]
            return 200, {"result": True}
        return 405, {"code": "MethodNotAllowed", "message": method}

    def robot(self, query):
        if self.force_errcode:
            return {
                "errcode": self.force_errcode,
                "errmsg": "send too fast, exceed 20 times per minute",
            }
        token = query.get("access_token")
        if token not in self.secrets:
            return {"errcode": 400101, "errmsg": "token not found"}
        secret = self.secrets[token]
        if secret:
            try:
                ts = int(query["timestamp"])
            except (KeyError, ValueError):
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            if abs(time.time() * 1000 - ts) > 3600 * 1000:
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            expected = base64.b64encode(
                hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
            ).decode()
            # parse_qs already URL-decoded the sign
            if not hmac.compare_digest(expected, query.get("sign", "")):
                return {"errcode": 310000, "errmsg": "sign not match"}
        return {"errcode": 0, "errmsg": "ok"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
