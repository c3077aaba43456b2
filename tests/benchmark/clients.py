"""Talking to the app: over HTTP (http.client, which never goes through a proxy) or
in-process (Flask's test client), behind one interface so that login() serves both."""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

# wrk sends exactly these headers too: flask-login ties a session to the user agent, and
# every browser accepts gzip (the app sends its SVG charts gzipped to those that do).
USER_AGENT = "year-journal-bench"
ACCEPT_ENCODING = "gzip, deflate, br"
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class BenchError(RuntimeError):
    """The app did not answer as the benchmark expects (the run stops)."""


@dataclass
class Reply:
    status: int
    headers: object  # a case-insensitive mapping (http.client or werkzeug headers)
    text: str
    seconds: float = 0.0


def csrf_token_from(html: str) -> str:
    """Return the CSRF token of the first form in `html`."""
    match = CSRF_INPUT.search(html)
    if not match:
        raise BenchError("the page has no CSRF token")
    return match.group(1)


def request_headers(body: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    """The headers every benchmark request sends (as wrk does), plus `headers`."""
    result = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, **(headers or {})}
    if body:
        result.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return result


def body_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")  # a gzipped chart: not read


def raw_request(host: str, port: int, method: str, path: str, body: str = "",
                headers: dict[str, str] | None = None,
                timeout: float = 300.0) -> tuple[Reply, list[str]]:
    """Send one request on a fresh connection; return the reply (timed) and its
    Set-Cookie headers."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None,
                           headers=request_headers(body, headers))
        response = connection.getresponse()
        text = body_text(response.read())
    finally:
        connection.close()
    reply = Reply(response.status, response.headers, text, time.perf_counter() - started)
    return reply, response.headers.get_all("Set-Cookie") or []


class CookieJar:
    """The cookies a browser would keep from Set-Cookie headers, even the Secure ones (the
    production app marks every cookie Secure; the benchmark talks plain HTTP), and the
    Cookie header that sends them back: sent as it is, it is what wrk sends."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def sent_headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie_header} if self.cookies else {}

    def keep(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class HttpSession(CookieJar):
    """A browser-like client of a live server."""

    def __init__(self, host: str, port: int):
        super().__init__()
        self.host, self.port = host, port

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        reply, set_cookies = raw_request(self.host, self.port, method, path,
                                         urlencode(form) if form else "", self.sent_headers())
        self.keep(set_cookies)
        return reply


class InProcessSession(CookieJar):
    """The same interface over Flask's test client, on https:// (with the Referer a
    browser sends: over HTTPS, Flask-WTF checks it on every POST)."""

    BASE_URL = "https://localhost"

    def __init__(self, app):
        super().__init__()
        self.client = app.test_client(use_cookies=False)

    def request(self, method: str, path: str, form: dict | None = None) -> Reply:
        started = time.perf_counter()
        response = self.send(method, path, urlencode(form) if form else "",
                             self.sent_headers())
        self.keep(response.headers.getlist("Set-Cookie"))
        return Reply(response.status_code, response.headers, body_text(response.get_data()),
                     time.perf_counter() - started)

    def send(self, method: str, path: str, body: str = "", headers: dict | None = None):
        """Send one request as it is, keeping no cookie from the answer (as wrk sends
        its fixed Cookie header); return the test client's response."""
        headers = request_headers(body, {"Referer": f"{self.BASE_URL}/", **(headers or {})})
        return self.client.open(path, method=method, data=body or None,
                                base_url=self.BASE_URL, headers=headers)


def login(session, email: str, password: str) -> None:
    """Log `session` in through the real form, then load the dashboard once so the
    session cookie also holds its CSRF secret (as a browser's would)."""
    token = csrf_token_from(session.request("GET", "/login").text)
    reply = session.request("POST", "/login",
                            {"email": email, "password": password, "csrf_token": token})
    if reply.status != 302:
        raise BenchError(f"logging in as {email} answered {reply.status}, not 302")
    dashboard = session.request("GET", "/")
    if dashboard.status != 200 or "Your journal" not in dashboard.text:
        raise BenchError(f"the dashboard of {email} answered {dashboard.status}")


def form_token(session, path: str = "/") -> str:
    """Return a CSRF token valid for `session` (every page carries the log-out form's)."""
    return csrf_token_from(session.request("GET", path).text)
