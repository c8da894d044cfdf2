"""The scale-out shape on loopback: our own nginx (deploy/nginx/) in front of gunicorn instances.

Used by scripts/load_test.py --proxy and tests/test_deploy_config.py. The nginx is a child process with its own
config and prefix in a temp folder (never the system's nginx or its config), in the foreground, stopped on exit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy/nginx"
TEMPLATE = NGINX_DIR / "portal.conf.template"
PLACEHOLDER = re.compile(r"\$\{(PORTAL_[A-Z0-9_]+)\}")


def nginx_path() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def render(values: dict[str, str], template: Path = TEMPLATE) -> str:
    """envsubst for our names only (nginx's own $host etc. stay); a name without a value is an error, not a blank."""
    text = template.read_text()
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise KeyError(f"no value for {', '.join(missing)} in {template.name}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def loopback_values(port: int, apps: list[str], folder: Path) -> dict[str, str]:
    """The template's values for a plain-HTTP proxy on 127.0.0.1 in front of the given app servers (host:port)."""
    if not 1 <= len(apps) <= 2:
        raise ValueError("the template has two upstream lines: give one or two app servers")
    return {"PORTAL_LISTEN": f"127.0.0.1:{port}", "PORTAL_SERVER_NAME": "localhost",
            "PORTAL_TLS": str(NGINX_DIR / "no-tls.conf"), "PORTAL_PROXY_CONF": str(NGINX_DIR / "proxy.conf"),
            # One app server: the same line twice (nginx allows it), so the one-instance run has the same config.
            "PORTAL_APP_1": apps[0], "PORTAL_APP_2": apps[-1],
            "PORTAL_STATIC_ROOT": str(ROOT), "PORTAL_ACCESS_LOG": str(folder / "access.log")}


def main_config(folder: Path, site: Path) -> str:
    """nginx.conf for a private nginx: everything (pid, temp files, logs) inside folder, in the foreground."""
    temp = "\n".join(f"    {kind}_temp_path {folder / (kind + '_temp')};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root the workers would switch to "nobody", who cannot enter the private temp folder: keep our own user.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    # Loopback only: the load test's residents each come from their own address, sent as X-Forwarded-For by the
    # test client standing in for the internet. In production nginx is the edge and $remote_addr is the real peer
    # (or set_real_ip_from names the load balancer in front of it).
    set_real_ip_from 127.0.0.0/8;
    real_ip_header X-Forwarded-For;
    include {site};
}}
"""


def write_config(folder: Path, port: int, apps: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "portal.conf"
    site.write_text(render(loopback_values(port, apps, folder)))
    config = folder / "nginx.conf"
    config.write_text(main_config(folder, site))
    return config


def check_config(config: Path, folder: Path) -> subprocess.CompletedProcess:
    """nginx -t on our config (its own prefix and error log, so nothing of the system's nginx is read or written)."""
    return subprocess.run([nginx_path(), "-t", "-q", "-c", str(config), "-p", str(folder), "-e",
                           str(folder / "error.log")], capture_output=True, text=True, timeout=20)


@dataclass
class Proxy:
    base: str
    process: subprocess.Popen
    folder: Path

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"


@contextmanager
def nginx(port: int, apps: list[str], folder: Path | None = None) -> Iterator[Proxy]:
    folder = folder or Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    config = write_config(folder, port, apps)
    checked = check_config(config, folder)
    if checked.returncode != 0:
        raise SystemExit(f"nginx -t refused {config}:\n{checked.stderr}")
    with (folder / "nginx.out").open("ab") as out:
        process = subprocess.Popen([nginx_path(), "-c", str(config), "-p", str(folder), "-e",
                                    str(folder / "error.log")], stdout=out, stderr=subprocess.STDOUT)
    proxy = Proxy(f"http://127.0.0.1:{port}", process, folder)
    try:
        _wait_listening(proxy)
        yield proxy
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_listening(proxy: Proxy, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proxy.process.poll() is not None:
            raise SystemExit(f"nginx stopped at start-up; see {proxy.folder / 'error.log'}")
        try:
            urllib.request.urlopen(proxy.base + "/static/js/portal.js", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nginx did not answer within {seconds:.0f} s; see {proxy.folder / 'error.log'}")
