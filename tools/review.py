"""Reader-side review commands: screenshots of every page, and a Lighthouse audit.

    python -m tools.review screenshots [SITE]   every page, light and dark, desktop and mobile,
                                                 into screenshots/ (for a person to look at)
    python -m tools.review lighthouse [SITE]    Lighthouse performance and accessibility scores
                                                 of the home page and one lesson page, plus the
                                                 size of every page's HTML

Both serve the built site (default: site/) on 127.0.0.1 and drive Debian's Chromium.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LRLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LIGHTHOUSE = ROOT / ".cache/lighthouse/node_modules/lighthouse/cli/index.js"
LIGHTHOUSE_PAGES = ("", "lesson/concept/")
VIEWS = {"desktop": (1280, 900), "mobile": (390, 844)}
"""The widths and heights a page is looked at: a desktop and a phone."""
SCHEMES = {"light": "default", "dark": "slate"}
"""Each palette a reader's system may ask for, and the scheme Material then shows."""


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of a built site, quietly, gzip-compressed when the browser asks, as GitHub
    Pages serves them (an uncompressed server would make Lighthouse measure a slower site than
    readers get). ``sitemap.xml`` is served with its URLs moved from the deployed ``site_url``
    to this server, as `mkdocs serve` does: Material's instant navigation only takes over links
    the sitemap lists."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".ipynb")
    deployed = ""  # the site_url the sitemap was written for

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash URL
            path = path / "index.html"
        sitemap = path.name == "sitemap.xml" and bool(self.deployed)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not (sitemap or (wants_gzip and path.suffix in self.COMPRESSIBLE)):
            return super().send_head()
        body = path.read_bytes()
        if sitemap:
            local = f"http://{self.headers.get('Host', '127.0.0.1')}/"
            body = body.replace(self.deployed.encode(), local.encode())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if wants_gzip and path.suffix in self.COMPRESSIBLE:
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path, deployed: str = "") -> Iterator[str]:
    """The built site on 127.0.0.1 (a free port) for as long as the block runs; ``deployed`` is
    the ``site_url`` its sitemap was written for (see `SiteHandler`)."""
    handler_class = type("Handler", (SiteHandler,), {"deployed": deployed})
    handler = functools.partial(handler_class, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def configured_site_url() -> str:
    """``site_url`` from mkdocs.yml (read as text: the file has Python tags yaml cannot load)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    return match.group(1).rstrip("/") + "/" if match else ""


def pages(site: Path) -> list[str]:
    """Every page of a built site, relative to its root ("" is the home page)."""
    found = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        found.append("" if relative == "." else relative + "/")
    return found


def screenshots(site: Path, out: Path) -> list[Path]:
    """Full-page PNGs of every page in light and dark, desktop and mobile width."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made = []
    with serve(site, configured_site_url()) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for view, (width, height) in VIEWS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page = context.new_page()
                for path in pages(site):
                    page.goto(url + path, wait_until="networkidle")
                    name = (path.strip("/").replace("/", "__") or "home") + f"-{scheme}-{view}.png"
                    page.screenshot(path=out / name, full_page=True)
                    made.append(out / name)
                context.close()
        browser.close()
    return made


def lighthouse(site: Path) -> list[tuple[str, dict[str, int]]]:
    """Lighthouse category scores (0-100) for the pages in LIGHTHOUSE_PAGES."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: run `make lighthouse`")
    results = []
    with serve(site, configured_site_url()) as url:
        for path in LIGHTHOUSE_PAGES:
            report = subprocess.run(
                [
                    "node",
                    str(LIGHTHOUSE),
                    url + path,
                    "--quiet",
                    "--output=json",
                    "--only-categories=performance,accessibility",
                    "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
                ],
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                capture_output=True,
                text=True,
                check=True,
            )
            categories = json.loads(report.stdout)["categories"]
            results.append(
                (path or "/", {k: round(v["score"] * 100) for k, v in categories.items()})
            )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["screenshots", "lighthouse"])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), type=Path)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site} holds no built site: run `make build` first")
    if args.command == "screenshots":
        made = screenshots(args.site, ROOT / "screenshots")
        print(f"{len(made)} screenshots in {ROOT / 'screenshots'}")
        return
    for path, scores in lighthouse(args.site):
        print(f"lighthouse {path:<18} " + "  ".join(f"{k}={v}" for k, v in scores.items()))
    sizes = sorted(
        (
            (p.stat().st_size, p.relative_to(args.site).as_posix())
            for p in args.site.rglob("*.html")
        ),
        reverse=True,
    )
    print(
        f"page HTML sizes: largest {sizes[0][0] / 1024:.0f} KB ({sizes[0][1]}), "
        f"median {sizes[len(sizes) // 2][0] / 1024:.0f} KB, {len(sizes)} pages"
    )


if __name__ == "__main__":
    main()
